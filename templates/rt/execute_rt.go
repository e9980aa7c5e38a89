package rt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
)

// defaultIdempotencyHeader carries WithIdempotencyKey when the catalog
// names no idempotency header.
const defaultIdempotencyHeader = "Idempotency-Key"

// applyCallOptions collects the options of one call.
func applyCallOptions(opts []CallOption) callOptions {
	co := new(callOptions)
	for _, opt := range opts {
		if opt != nil {
			opt(co)
		}
	}
	return *co
}

// execute runs req, retrying as the policy allows, and returns the
// successful (2xx) response with its body read.
func execute(ctx context.Context, c *core, req *request, opts []CallOption) (*response, error) {
	var co callOptions
	if len(opts) > 0 {
		co = applyCallOptions(opts)
	}
	if req.emptyParam != "" {
		return nil, &ClientError{Message: fmt.Sprintf("%s: path parameter %s is empty; it would change the path", req.endpoint, req.emptyParam)}
	}
	if req.bodyRequired && req.body == nil {
		return nil, &ClientError{Message: fmt.Sprintf("%s: the request body is nil, but the endpoint requires one; pass a body", req.endpoint)}
	}
	x := &exchange{c: c, req: *req, callerCtx: ctx, deadline: co.deadline, method: req.method}
	x.u = &x.uv
	var err error
	if !c.requestURL(x.u, req.path, req.query) {
		raw := c.baseURL + req.path
		if len(req.query) > 0 {
			raw += "?" + req.query.Encode()
		}
		if x.u, err = url.Parse(raw); err != nil {
			return nil, &ClientError{Message: fmt.Sprintf("%s: invalid request path %q", req.endpoint, req.path), Err: err}
		}
	}
	if len(co.errs) > 0 {
		err := errors.Join(co.errs...)
		return nil, &ClientError{Message: fmt.Sprintf("%s: invalid call option: %v", req.endpoint, err), Err: err}
	}
	if x.payload, err = encodeBody(req.body); err != nil {
		return nil, &ClientError{Message: fmt.Sprintf("%s: cannot encode the request body: %v", req.endpoint, err), Err: err}
	}
	if x.method == "" {
		x.method = http.MethodGet
	} else if !validMethod(x.method) {
		err := fmt.Errorf("net/http: invalid method %q", x.method)
		return nil, &ClientError{Message: fmt.Sprintf("%s: cannot build the request: %v", req.endpoint, err), Err: err}
	}
	if p := x.payload; len(p) > 0 {
		x.getBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(p)), nil }
	}

	x.timeout = c.timeout
	if req.timeout > 0 {
		x.timeout = req.timeout
	}
	if co.timeout > 0 {
		x.timeout = co.timeout
	}
	maxRetries := c.maxRetries
	if req.maxRetries >= 0 {
		maxRetries = req.maxRetries
	}
	if co.maxRetries != nil && *co.maxRetries >= 0 {
		maxRetries = *co.maxRetries
	}
	if req.noRetry {
		maxRetries = 0
	}

	x.headers = co.headers // built for this call only
	key, keyHeader := co.idempotencyKey, c.settings.idempotencyHeader
	if keyHeader == "" {
		keyHeader = defaultIdempotencyHeader
	}
	if key == "" && c.settings.idempotencyHeader != "" && (req.method == http.MethodPost || req.method == http.MethodPatch) {
		key = newIdempotencyKey()
	}
	if key != "" {
		if x.headers == nil {
			x.headers = make(http.Header, 1)
		}
		x.headers.Set(keyHeader, key)
	}
	safe := req.idempotent || idempotentMethod(req.method) || key != ""

	if ctx.Err() != nil { // an ended context sends nothing
		return nil, x.contextError(ctx)
	}
	if co.deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, co.deadline)
		defer cancel()
	}
	for attempt := 0; ; attempt++ {
		o := x.attempt(ctx)
		if o.err == nil {
			if c.budget != nil {
				c.budget.success()
			}
			return o.resp, nil
		}
		if !o.retryable || attempt >= maxRetries || (!safe && !o.unsent) || ctx.Err() != nil {
			return nil, o.err
		}
		delay := c.backoff(attempt)
		if o.hasRetryAfter {
			if limit := c.settings.retry.maxRetryAfter; limit > 0 && o.retryAfter > limit {
				var apiErr *APIError
				if errors.As(o.err, &apiErr) {
					if apiErr.Details == nil {
						apiErr.Details = map[string]any{}
					}
					apiErr.Details[retryAfterKey] = fmt.Sprintf("the server asked to retry after %s, longer than the %s allowed",
						seconds(o.retryAfter), seconds(limit))
				}
				return nil, o.err
			}
			delay = o.retryAfter
		}
		if c.budget != nil && !c.budget.take(o.timeout) {
			return nil, &budgetExhaustedError{err: o.err}
		}
		if err := c.sleep(ctx, delay); err != nil {
			if ctx.Err() == nil {
				return nil, &ClientError{Message: fmt.Sprintf("%s: waiting to retry failed: %v", req.endpoint, err), Err: err}
			}
			return nil, x.contextError(ctx)
		}
	}
}

// requestURL sets *u to the base URL followed by path and query, exactly as
// url.Parse would parse their concatenation, without parsing it, when path
// needs no unescaping: "" or "/…" made of letters, digits and the
// characters a path keeps unescaped. It reports false, leaving *u alone,
// when the URL must be parsed.
func (c *core) requestURL(u *url.URL, path string, query url.Values) bool {
	if c.base == nil || (path != "" && path[0] != '/') {
		return false
	}
	for i := 0; i < len(path); i++ {
		switch b := path[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case strings.IndexByte("-._~/$&+,:;=@", b) >= 0:
		default:
			return false
		}
	}
	*u = *c.base
	u.Path += path
	if len(query) > 0 {
		// url.Parse of "…?" sets ForceQuery instead of an empty RawQuery.
		if u.RawQuery = query.Encode(); u.RawQuery == "" {
			u.ForceQuery = true
		}
	}
	return true
}

// validMethod reports whether method is an HTTP token, as
// http.NewRequestWithContext requires.
func validMethod(method string) bool {
	for i := 0; i < len(method); i++ {
		b := method[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0:
		default:
			return false
		}
	}
	return method != ""
}

// encodeBody encodes a request body once, so that every attempt and every
// redirect sends the same bytes. A json.RawMessage is sent verbatim (it must
// be valid JSON); nil, a nil pointer or a nil json.RawMessage mean no body.
func encodeBody(body any) ([]byte, error) {
	if v := reflect.ValueOf(body); v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, nil
	}
	switch b := body.(type) {
	case nil:
		return nil, nil
	case json.RawMessage:
		if b == nil {
			return nil, nil
		}
		if !json.Valid(b) {
			return nil, errors.New("raw JSON body is not valid JSON")
		}
		return append([]byte(nil), b...), nil
	}
	return jsonMarshal(body)
}

// newIdempotencyKey returns a random UUID (version 4).
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
