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

// pathEscapeGreedy escapes a greedy path parameter ({path...}): its
// slashes are kept, and each segment between them is escaped by
// pathEscape. Requests whose value holds a "." or ".." segment are refused
// before this matters (dotSegmentParam).
func pathEscapeGreedy(s string) string {
	if !strings.Contains(s, "/") {
		return pathEscape(s)
	}
	segs := strings.Split(s, "/")
	for i, seg := range segs {
		segs[i] = pathEscape(seg)
	}
	return strings.Join(segs, "/")
}

// dotSegmentParam returns empty, the result of emptyParam for the other
// parameters, when it is not ""; else name+"/.." when value, a greedy
// path parameter, holds a "." or ".." segment, which clients and servers
// resolve away (the request would reach another path); else "".
func dotSegmentParam(name, value, empty string) string {
	if empty != "" {
		return empty
	}
	for seg := range strings.SplitSeq(value, "/") {
		if seg == "." || seg == ".." {
			return name + dotSuffix
		}
	}
	return ""
}

// dotSuffix marks a request's emptyParam as a greedy parameter with a dot
// segment; parameter names hold no "/".
const dotSuffix = "/.."
