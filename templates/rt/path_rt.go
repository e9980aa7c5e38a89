package rt

import (
	"net/url"
	"strings"
)

// pathEscape escapes one path parameter so that no value can change the
// shape of the path: "/" "?" "#" "%" and spaces are percent-encoded by
// url.PathEscape, and the dot segments "." and ".." (which servers and
// proxies resolve) have their dots encoded as %2E.
func pathEscape(s string) string {
	if s == "." || s == ".." {
		return strings.Repeat("%2E", len(s))
	}
	return url.PathEscape(s)
}
