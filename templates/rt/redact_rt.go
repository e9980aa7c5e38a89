package rt

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// redacted replaces a secret inside error texts and details.
const redacted = "[REDACTED]"

// redactedQueryValue replaces the value of a secret query parameter in a
// URL shown in an error.
const redactedQueryValue = "REDACTED"

// minSecretLen is the shortest secret value searched for in error texts:
// shorter values would mask ordinary words and digits. A secret query
// parameter is masked in URLs by its name, whatever its length.
const minSecretLen = 4

// secretQueryName reports whether a query parameter carries a secret,
// ignoring case: access_token, api-key, api_key, apikey, auth,
// client_secret, id_token, key, passwd, password, pwd, refresh_token,
// secret, session, sessionid, sig, signature, token, the X-Amz-/X-Goog-
// credential, signature and security-token parameters of signed URLs, or a
// name ending in _token, -token, _secret, -secret, _password, -password,
// _signature, -signature, _apikey or _api_key. A deep object's key
// (filter[token], auth[user]) carries one when its object's name or its
// last bracketed key does.
func secretQueryName(name string) bool {
	if open := strings.IndexByte(name, '['); open > 0 && strings.HasSuffix(name, "]") {
		last := name[strings.LastIndexByte(name, '[')+1 : len(name)-1]
		return secretQueryName(name[:open]) || secretQueryName(last)
	}
	name = strings.ToLower(name)
	switch name {
	case "access_token", "api-key", "api_key", "apikey", "auth", "client_secret",
		"id_token", "key", "passwd", "password", "pwd", "refresh_token",
		"secret", "session", "sessionid", "sig", "signature", "token",
		"x-amz-credential", "x-amz-security-token", "x-amz-signature",
		"x-goog-credential", "x-goog-signature":
		return true
	}
	for _, suffix := range [...]string{"_token", "-token", "_secret", "-secret", "_password", "-password", "_signature", "-signature", "_apikey", "_api_key"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// redactURL renders u for an error: without its user info password (as
// url.URL.Redacted does) and with the value of every secret query
// parameter replaced by REDACTED.
func redactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	if q := redactQuery(u.RawQuery); q != u.RawQuery {
		cu := *u
		cu.RawQuery = q
		u = &cu
	}
	return u.Redacted()
}

// redactQuery masks the values of secret parameters of a raw query.
func redactQuery(raw string) string {
	if raw == "" {
		return raw
	}
	parts := strings.Split(raw, "&")
	changed := false
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok || v == "" {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if secretQueryName(name) {
			parts[i] = k + "=" + redactedQueryValue
			changed = true
		}
	}
	if !changed {
		return raw
	}
	return strings.Join(parts, "&")
}

// secretValues lists the secrets a request carried, longest first: the
// values of its secret headers (and the credential after an
// Authorization scheme, and each cookie value) and of its secret query
// parameters, also percent-encoded. Values shorter than minSecretLen are
// left out.
func secretValues(secretHeaders map[string]bool, secretQuery string, req *http.Request) []string {
	if req == nil {
		return nil
	}
	var out []string
	add := func(v string) {
		v = strings.TrimSpace(v)
		if len(v) < minSecretLen {
			return
		}
		out = append(out, v)
		for _, esc := range [...]string{url.QueryEscape(v), url.PathEscape(v)} {
			if esc != v {
				out = append(out, esc)
			}
		}
	}
	for name, vs := range req.Header {
		if !secretHeaders[http.CanonicalHeaderKey(name)] {
			continue
		}
		for _, v := range vs {
			add(v)
			if scheme, cred, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
				add(cred) // "Bearer <token>": the token alone
				if strings.EqualFold(scheme, "Basic") {
					if dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred)); err == nil {
						_, pass, _ := strings.Cut(string(dec), ":")
						add(pass) // the password of user:password
					}
				}
			}
			for pair := range strings.SplitSeq(v, ";") {
				if _, val, ok := strings.Cut(pair, "="); ok {
					add(val) // a cookie's value
					if uq := strings.Trim(strings.TrimSpace(val), `"`); uq != strings.TrimSpace(val) {
						add(uq) // quoted (a space or a comma): also the value itself
					}
				}
			}
		}
	}
	if req.URL != nil && req.URL.RawQuery != "" {
		for name, vs := range req.URL.Query() {
			if secretQueryName(name) || (secretQuery != "" && name == secretQuery) {
				for _, v := range vs {
					add(v)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return slices.Compact(out)
}

// dropSecretQuery removes from a raw query the parameters that carry a
// secret (secretQueryName's, and extra), for a redirect to another host.
func dropSecretQuery(raw, extra string) string {
	if raw == "" {
		return raw
	}
	parts := strings.Split(raw, "&")
	kept := parts[:0]
	for _, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if secretQueryName(name) || (extra != "" && name == extra) {
			continue
		}
		kept = append(kept, p)
	}
	return strings.Join(kept, "&")
}

// redactText masks every secret inside s.
func redactText(s string, secrets []string) string {
	for _, sec := range secrets {
		if strings.Contains(s, sec) {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return s
}

// redactJSON masks every secret inside the strings (and object keys) of a
// decoded JSON value, in place where it can, and returns the value.
func redactJSON(v any, secrets []string) any {
	if len(secrets) == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		return redactText(x, secrets)
	case []any:
		for i := range x {
			x[i] = redactJSON(x[i], secrets)
		}
	case map[string]any:
		for k, val := range x {
			nk := redactText(k, secrets)
			if nk != k {
				delete(x, k)
			}
			x[nk] = redactJSON(val, secrets)
		}
	}
	return v
}
