package rt

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
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

// unknownErrorMessage is the message of an error body without one.
const unknownErrorMessage = "Unknown error"

// rawPrefixBytes bounds the raw body kept in an error's details.
const rawPrefixBytes = 500

// isEmptyBody reports whether a successful response carries no result.
func isEmptyBody(r *response) bool {
	return r.status == 204 || len(bytes.TrimSpace(r.body)) == 0
}

// decodeJSON decodes a successful response into v.
func decodeJSON(c *core, req *request, r *response, v any) error {
	if err := jsonUnmarshal(r.body, v); err != nil {
		e := &APIError{
			ClientError: ClientError{
				Message:    invalidJSONMessage,
				StatusCode: r.status,
				Details:    map[string]any{"raw": truncateUTF8(string(r.body), rawPrefixBytes)},
				Err:        err,
			},
			Endpoint: req.endpoint,
			Method:   req.method,
			URL:      r.shownURL(),
		}
		if !json.Valid(r.body) {
			return e
		}
		// Valid JSON of an unexpected shape.
		e.Message = "Unexpected JSON response from API: " + err.Error()
		return e
	}
	return nil
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

// parseAPIError turns a non-2xx response into an *APIError following the
// catalog's error format and diagnostics rules.
func parseAPIError(c *core, req *request, r *response) *APIError {
	var body any
	details := map[string]any{}
	text := strings.TrimSpace(string(r.body))
	switch {
	case text == "":
	case jsonUnmarshal(r.body, &body) == nil:
		if m, ok := body.(map[string]any); ok && m != nil {
			details = m
		} else {
			details["raw"] = body
		}
	default:
		details["message"] = text
		body = details
	}
	f := c.settings.errorFormat
	msg := unknownErrorMessage
	for _, p := range f.message {
		if v, ok := lookupPath(body, p); ok {
			if s := messageText(v); s != "" {
				msg = s
				break
			}
		}
	}
	var code string
	for _, p := range f.code {
		if v, ok := lookupPath(body, p); ok {
			if s := scalarText(v); s != "" {
				code = s
				break
			}
		}
	}
	e := &APIError{
		ClientError: ClientError{Message: truncateUTF8(msg, 2000), StatusCode: r.status, Details: details},
		Code:        code,
		Endpoint:    req.endpoint,
		Method:      req.method,
		URL:         r.shownURL(),
	}
	if h := c.settings.requestIDHeader; h != "" {
		e.RequestID = r.header.Get(h)
	}
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
	var errDetails any
	for _, p := range f.details {
		if v, ok := lookupPath(body, p); ok && v != nil {
			errDetails = v
			break
		}
	}
	if d := diagnose(c.settings.diagnostics.rules, code, msg, errDetails); d != nil {
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
