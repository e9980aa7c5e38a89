package rt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lookupPath follows a dotted path ("data.progress.percentage") through
// decoded JSON: object keys, and array indexes written as decimal numbers.
// An empty path returns v itself. It reports false when a step is missing;
// a present JSON null is returned as (nil, true).
func lookupPath(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	for part := range strings.SplitSeq(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			next, ok := x[part]
			if !ok {
				return nil, false
			}
			v = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// invalidJSONMessage is the message of a 2xx response whose body is not JSON.
const invalidJSONMessage = "Invalid JSON response from API"

// rawPrefixBytes bounds the raw body kept in an error's details.
const rawPrefixBytes = 500

// Caps on what an API error keeps; docs/catalog.md gives the reasons.
const (
	// maxErrorBodyBytes is how much of an error (non-2xx) body is read:
	// the rest is discarded, and the error says the body was cut.
	maxErrorBodyBytes = 64 << 10
	// maxMessageBytes bounds an error's message.
	maxMessageBytes = 4 << 10
	// maxExcerptBytes bounds a plain-text error body used as the message,
	// and an HTML title.
	maxExcerptBytes = 200
)

// isEmptyBody reports whether a successful response carries no result.
func isEmptyBody(r *response) bool {
	return r.status == 204 || len(bytes.TrimSpace(r.body)) == 0
}

// emptyBodyError is the error of a 2xx response without a body from an
// endpoint that declares a response the catalog does not mark optional.
func emptyBodyError(req *request, r *response) *APIError {
	return &APIError{
		ClientError: ClientError{
			Message:    statusLine(req, r.status) + " with an empty body; a JSON response was expected",
			StatusCode: r.status,
			Details:    map[string]any{},
		},
		Endpoint:  req.endpoint,
		Method:    req.method,
		URL:       r.shownURL(),
		retryable: new(bool),
	}
}

// decodeJSON decodes a successful response into v.
func decodeJSON(c *core, req *request, r *response, v any) error {
	if err := jsonUnmarshal(r.body, v); err != nil {
		secrets := secretValues(c.secretHeaders, c.secretQuery, r.sent)
		details := map[string]any{}
		if k := bodyKind(r); k.html {
			_, details = describeBody(r, k, secrets)
		} else {
			details["raw"] = redactPrefix(r.body, rawPrefixBytes, secrets)
		}
		e := &APIError{
			ClientError: ClientError{
				Message:    invalidJSONMessage,
				StatusCode: r.status,
				Details:    details,
				Err:        err,
			},
			Endpoint: req.endpoint,
			Method:   req.method,
			URL:      redactText(r.shownURL(), secrets),
		}
		if !json.Valid(r.body) {
			return e
		}
		// Valid JSON of an unexpected shape.
		e.Message = "Unexpected JSON response from API: " + redactText(err.Error(), secrets)
		return e
	}
	return nil
}

// redactPrefix returns at most n bytes of b, cut at a rune boundary, with
// the secrets masked; a secret cut by the end is masked too.
func redactPrefix(b []byte, n int, secrets []string) string {
	longest := 0
	if len(secrets) > 0 {
		longest = len(secrets[0])
	}
	return truncateUTF8(redactText(truncateUTF8(string(b[:min(len(b), n+longest)]), n+longest), secrets), n)
}

// truncateUTF8 returns at most n bytes of s, cut at a rune boundary.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// statusLine names a request and the status of its answer:
// "GET /silences/x: 404 Not Found".
func statusLine(req *request, status int) string {
	line := fmt.Sprintf("%s %s: %d", req.method, req.path, status)
	if t := http.StatusText(status); t != "" {
		line += " " + t
	}
	return line
}

// statusMessage is the message of an error response whose body names no
// message: the status line, what an unexpected non-error status means,
// and a summary of the body, if any.
func statusMessage(req *request, r *response, summary string) string {
	msg := statusLine(req, r.status)
	switch {
	case r.status < 200:
		msg += " (an informational status where a final response was expected)"
	case r.status == 304:
		msg += " (not modified since the copy the request named; the client keeps no cache, so it has no body to return)"
	case r.status >= 300 && r.status <= 399:
		msg += " (a redirect the client did not follow)"
	}
	if summary != "" {
		msg += ": " + summary
	}
	return msg
}

// parseAPIError turns a non-2xx response into an *APIError following the
// catalog's error format and diagnostics rules. Any secret the request
// carried is masked in everything taken from the body.
func parseAPIError(c *core, req *request, r *response) *APIError {
	secrets := secretValues(c.secretHeaders, c.secretQuery, r.sent)
	var body any
	details := map[string]any{}
	var msg, summary string
	switch {
	case len(bytes.TrimSpace(r.body)) == 0 && !r.truncated:
	case !r.truncated && jsonUnmarshal(r.body, &body) == nil:
		body = redactJSON(body, secrets)
		switch b := body.(type) {
		case map[string]any:
			if b != nil {
				details = b
			}
		case string:
			// A JSON string body is the message (Alertmanager, some proxies).
			msg = strings.TrimSpace(b)
			details["raw"] = body
		default:
			details["raw"] = body
		}
	default:
		body = nil
		k := bodyKind(r)
		summary, details = describeBody(r, k, secrets)
		if m, ok := details["message"].(string); ok {
			msg, summary = m, ""
		}
	}
	f := c.settings.errorFormat
	for _, p := range f.message {
		if msg != "" {
			break
		}
		if v, ok := lookupPath(body, p); ok {
			msg = messageText(v)
		}
	}
	if msg == "" {
		msg = statusMessage(req, r, summary)
	}
	var code string
	for _, p := range f.code {
		if v, ok := lookupPath(body, p); ok {
			if s := scalarText(v); s != "" {
				code = truncateUTF8(s, maxExcerptBytes)
				break
			}
		}
	}
	e := &APIError{
		ClientError: ClientError{Message: truncateUTF8(msg, maxMessageBytes), StatusCode: r.status, Details: details},
		Code:        code,
		Endpoint:    req.endpoint,
		Method:      req.method,
		URL:         redactText(r.shownURL(), secrets),
	}
	if h := c.settings.requestIDHeader; h != "" {
		e.RequestID = redactText(r.header.Get(h), secrets)
	}
	e.Header = maskHeader(r.header, c.secretHeaders, secrets)
	for _, p := range f.retryable {
		if v, ok := lookupPath(body, p); ok {
			if b, ok := v.(bool); ok {
				e.retryable = &b
				break
			}
		}
	}
	if e.retryable == nil {
		b := c.retryStatuses[r.status]
		e.retryable = &b
	}
	if body == nil {
		return e
	}
	var errDetails any
	for _, p := range f.details {
		if v, ok := lookupPath(body, p); ok && v != nil {
			errDetails = v
			break
		}
	}
	// Rules read the message only where the catalog says a diagnosable
	// error keeps it (diagnostics.message_from), never a message found
	// anywhere else.
	var diagMsg string
	for _, p := range c.settings.diagnostics.messageFrom {
		if v, ok := lookupPath(body, p); ok {
			if diagMsg = messageText(v); diagMsg != "" {
				break
			}
		}
	}
	if d := diagnose(c.settings.diagnostics.rules, code, diagMsg, errDetails); d != nil {
		e.Diagnosis = d
		key := c.settings.diagnostics.key
		if key == "" {
			key = "diagnosis"
		}
		details[key] = map[string]any{
			"problem_type": d.ProblemType,
			"message":      d.Message,
			"details":      d.Details,
		}
	}
	return e
}

// bodyClass is what a body that is not JSON holds.
type bodyClass struct {
	mediaType string // lower case, without parameters; "" when not sent
	html      bool
	text      bool // readable text (HTML included)
}

// bodyKind classifies a response body by its Content-Type and, when that
// says nothing, by its first bytes.
func bodyKind(r *response) bodyClass {
	var k bodyClass
	if ct := r.header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err == nil {
			k.mediaType = mt
		}
	}
	head := bytes.TrimSpace(r.body[:min(len(r.body), 512)])
	lowerHead := strings.ToLower(string(head[:min(len(head), 20)]))
	switch mt := k.mediaType; {
	case mt == "text/html" || mt == "application/xhtml+xml":
		k.html = true
	case mt == "" && (strings.HasPrefix(lowerHead, "<!doctype html") || strings.HasPrefix(lowerHead, "<html")):
		k.html = true
	}
	switch mt := k.mediaType; {
	case k.html, strings.HasPrefix(mt, "text/"), strings.HasSuffix(mt, "json"), strings.HasSuffix(mt, "xml"):
		k.text = true
	case mt == "":
		k.text = utf8.Valid(head) && bytes.IndexByte(head, 0) < 0
	}
	return k
}

// describeBody summarises a body that is not JSON without keeping it:
// its kind, its size and, for an HTML page, its title. A short one-line
// text body is kept instead, as details["message"]; it is the message.
// Secrets are masked in both.
func describeBody(r *response, k bodyClass, secrets []string) (summary string, details map[string]any) {
	details = map[string]any{"size": len(r.body)}
	if k.mediaType != "" {
		details["content_type"] = k.mediaType
	}
	size := fmt.Sprintf("%d bytes", len(r.body))
	if r.truncated {
		details["truncated"] = true
		size = fmt.Sprintf("more than %d bytes, cut", len(r.body))
	}
	text := strings.TrimSpace(string(r.body))
	switch {
	case k.html:
		if title := htmlTitle(r.body); title != "" {
			title = redactText(title, secrets)
			details["title"] = title
			return fmt.Sprintf("HTML page %q, %s", title, size), details
		}
		return "HTML page, " + size, details
	case k.text && !r.truncated && len(text) <= maxExcerptBytes && utf8.ValidString(text) && oneLine(text):
		details["message"] = redactText(text, secrets)
		return "", details
	case k.text:
		name := k.mediaType
		if name == "" {
			name = "text"
		}
		return name + " body, " + size, details
	}
	name := k.mediaType
	if name == "" {
		name = "binary"
	}
	return name + " body, " + size, details
}

// oneLine reports whether s holds no control character.
func oneLine(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}

// htmlTitle returns the text of an HTML page's <title>, on one line and at
// most maxExcerptBytes long, or "".
func htmlTitle(page []byte) string {
	page = page[:min(len(page), maxErrorBodyBytes)]
	lower := bytes.ToLower(page)
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(lower[i:], '>')
	if j < 0 {
		return ""
	}
	start := i + j + 1
	end := bytes.Index(lower[start:], []byte("</title"))
	if end < 0 {
		return ""
	}
	t := html.UnescapeString(string(page[start : start+end]))
	t = strings.Join(strings.FieldsFunc(t, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	return truncateUTF8(t, maxExcerptBytes)
}

// messageText renders a value found at an error-message path: a string as
// is, FastAPI's list of validation errors as "loc.path: msg; ...", an
// object by its own message.
func messageText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return strings.TrimSpace(x)
	case []any:
		parts := make([]string, 0, len(x))
		for _, item := range x {
			if s := validationText(item); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		for _, k := range []string{"message", "msg", "detail"} {
			if s, ok := x[k].(string); ok && s != "" {
				return s
			}
		}
		b, _ := json.Marshal(x)
		return string(b)
	default:
		return scalarText(v)
	}
}

// validationText renders one FastAPI validation error.
func validationText(item any) string {
	m, ok := item.(map[string]any)
	if !ok {
		return messageText(item)
	}
	msg, _ := m["msg"].(string)
	if msg == "" {
		msg, _ = m["message"].(string)
	}
	var loc []string
	if l, ok := m["loc"].([]any); ok {
		for _, p := range l {
			loc = append(loc, scalarText(p))
		}
	}
	switch {
	case len(loc) > 0 && msg != "":
		return strings.Join(loc, ".") + ": " + msg
	case msg != "":
		return msg
	default:
		b, _ := json.Marshal(m)
		return string(b)
	}
}

// scalarText renders a JSON scalar; objects and arrays give "".
func scalarText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return x.String()
	}
	return ""
}

// diagnose applies the catalog's rules in order to an error's code and
// message, case-insensitively; the first match wins.
func diagnose(rules []diagnosticRule, code, message string, errDetails any) *Diagnosis {
	lcode, lmsg := strings.ToLower(code), strings.ToLower(message)
	for _, r := range rules {
		if !containsAny(lcode, r.codeContains) && !containsAny(lmsg, r.messageContains) {
			continue
		}
		d := &Diagnosis{ProblemType: r.problemType, Message: r.message, Rule: r.name}
		if r.problemTypeFrom != "" {
			d.ProblemType = "unknown"
			if v, ok := lookupPath(errDetails, r.problemTypeFrom); ok {
				if s, ok := v.(string); ok && (len(r.problemTypes) == 0 && s != "" || slices.Contains(r.problemTypes, s)) {
					d.ProblemType = s
				}
			}
		}
		if d.ProblemType == "" {
			d.ProblemType = "unknown"
		}
		if r.detailsFrom != "" {
			if v, ok := lookupPath(errDetails, r.detailsFrom); ok {
				d.Details = v
			}
		}
		return d
	}
	return nil
}

// containsAny reports whether s contains one of subs, compared in lower case.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if sub != "" && strings.Contains(s, strings.ToLower(sub)) {
			return true
		}
	}
	return false
}
