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
	"time"
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

// execute runs req and returns the successful (2xx) response with its body
// read. It ties the stages of the request path together, in order:
//
//  1. prepare checks the request and builds the exchange that every
//     attempt shares (nothing it refuses is sent);
//  2. send sends one attempt and reads its response;
//  3. classify judges what came back: a success, or a typed error with what
//     the retry policy needs to know;
//  4. the retry policy (a retryer) decides: retry after a delay, or stop
//     with a reason;
//  5. wait sleeps until the next attempt.
func execute(ctx context.Context, c *core, req *request, opts []CallOption) (*response, error) {
	x, retry, err := prepare(ctx, c, req, opts)
	if err != nil {
		return nil, err
	}
	r, attempts, err := x.run(ctx, retry)
	if x.info != nil {
		x.fillInfo(attempts)
	}
	return r, err
}

// run sends the attempts of a prepared exchange until one succeeds or the
// retry policy stops; attempts counts the requests sent.
func (x *exchange) run(ctx context.Context, retry retryer) (_ *response, attempts int, _ error) {
	if ctx.Err() != nil { // an ended context sends nothing
		return nil, 0, x.contextError(ctx)
	}
	if x.deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, x.deadline)
		defer x.release(cancel)
	}
	for {
		s := x.send(ctx)
		if s.fail != failAuth && s.fail != failEditor && s.fail != failEdited {
			attempts++
		}
		o := x.classify(ctx, s)
		if o.err == nil {
			retry.succeeded()
			return o.resp, attempts, nil
		}
		if ctx.Err() != nil { // the caller's context or the call deadline ended
			return nil, attempts, o.err
		}
		if x.req.media.spent() { // a body that cannot be replayed is sent once
			return nil, attempts, o.err
		}
		d := retry.decide(&o)
		if d.stop != keepTrying {
			return nil, attempts, retry.stopError(d.stop, o.err)
		}
		if err := x.wait(ctx, d.delay); err != nil {
			return nil, attempts, err
		}
	}
}

// prepare is the first stage: it checks the request and the call options
// and builds the exchange that every attempt shares (the URL, the encoded
// body, the headers, the timeouts) and the call's retry policy. What it
// refuses is a *ClientError, and nothing is sent.
func prepare(ctx context.Context, c *core, req *request, opts []CallOption) (*exchange, retryer, error) {
	var co callOptions
	if len(opts) > 0 {
		co = applyCallOptions(opts)
	}
	if name, dot := strings.CutSuffix(req.emptyParam, dotSuffix); dot {
		return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: path parameter %s holds a \".\" or \"..\" segment, which would reach another path; pass the path without it", req.endpoint, name)}
	}
	if req.emptyParam != "" {
		return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: path parameter %s is empty; it would change the path", req.endpoint, req.emptyParam)}
	}
	if req.bodyRequired && req.body == nil && (req.media == nil || !req.media.hasBody) {
		return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: the request body is nil, but the endpoint requires one; pass a body", req.endpoint)}
	}
	x := &exchange{c: c, req: *req, callerCtx: ctx, deadline: co.deadline, method: req.method}
	if co.query != nil {
		q := make(url.Values, len(req.query)+len(co.query))
		for k, vs := range req.query {
			q[k] = vs
		}
		for k, vs := range co.query {
			q[k] = append(q[k][:len(q[k]):len(q[k])], vs...)
		}
		x.req.query = q
	}
	for k, vs := range req.header {
		for _, v := range vs {
			if err := checkHeader(k, v); err != nil {
				return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: invalid header parameter: %v", req.endpoint, err), Err: err}
			}
		}
	}
	if err := x.setURL(); err != nil {
		return nil, retryer{}, err
	}
	if co.authSet && c.auth == nil {
		co.errs = append(co.errs, errors.New("WithCallAuth needs the catalog's client.auth (how the credential is sent); use WithCallHeader instead"))
	} else if co.authSet {
		if err := c.auth.checkFor(co.auth); err != nil {
			co.errs = append(co.errs, fmt.Errorf("WithCallAuth: %w", err))
		}
	}
	x.info = co.info
	if c.auth != nil && !req.noAuth {
		x.auth = c.auth
		if co.authSet { // this call's credential instead of the client's
			a := *c.auth
			a.value, a.fn = co.auth, nil
			x.auth = &a
		}
	}
	if len(co.errs) > 0 {
		err := errors.Join(co.errs...)
		return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: invalid call option: %v", req.endpoint, err), Err: err}
	}
	var err error
	if x.payload, err = encodeBody(req.body); err != nil {
		return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: cannot encode the request body: %v", req.endpoint, err), Err: err}
	}
	if x.method == "" {
		x.method = http.MethodGet
	} else if !validMethod(x.method) {
		err := fmt.Errorf("net/http: invalid method %q", x.method)
		return nil, retryer{}, &ClientError{Message: fmt.Sprintf("%s: cannot build the request: %v", req.endpoint, err), Err: err}
	}
	if req.media != nil {
		x.setMedia(req.media)
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
	keyed := x.setHeaders(&co)
	return x, newRetryer(c, req, &co, keyed), nil
}

// setURL builds the request URL once, without parsing it when the path
// allows (requestURL), else with url.Parse.
func (x *exchange) setURL() error {
	req := &x.req
	x.u = &x.uv
	if !req.absolute && x.c.requestURL(x.u, req.path, req.query) {
		return nil
	}
	raw := x.c.baseURL + req.path
	if req.absolute {
		raw = req.path
	}
	if len(req.query) > 0 {
		raw += "?" + req.query.Encode()
	}
	u, err := url.Parse(raw)
	if err != nil {
		return &ClientError{Message: fmt.Sprintf("%s: invalid request path %q", req.endpoint, req.path), Err: err}
	}
	x.u = u
	return nil
}

// setHeaders sets the headers of this call only: those of WithHeader and
// the idempotency key, WithIdempotencyKey's or, for a POST or PATCH when
// the catalog names an idempotency header, a new one. It reports whether
// the request carries a key, which makes it safe to retry.
func (x *exchange) setHeaders(co *callOptions) (keyed bool) {
	c, method := x.c, x.req.method
	x.headers = co.headers     // built for this call only
	if len(x.req.header) > 0 { // built by the endpoint's request builder for this call
		if x.headers == nil {
			x.headers = x.req.header
		} else {
			for k, vs := range x.req.header {
				if _, set := x.headers[k]; !set { // the call's headers win
					x.headers[k] = vs
				}
			}
		}
	}
	key, keyHeader := co.idempotencyKey, c.settings.idempotencyHeader
	if keyHeader == "" {
		keyHeader = defaultIdempotencyHeader
	}
	if key == "" && c.settings.idempotencyHeader != "" && (method == http.MethodPost || method == http.MethodPatch) {
		key = newIdempotencyKey()
	}
	if key == "" {
		return false
	}
	if x.headers == nil {
		x.headers = make(http.Header, 1)
	}
	x.headers.Set(keyHeader, key)
	return true
}

// wait is the last stage of a failed attempt: it sleeps the delay the
// retry policy chose. It fails with the context's error when ctx ends
// first, or with a *ClientError when the sleeper fails.
func (x *exchange) wait(ctx context.Context, delay time.Duration) error {
	err := x.c.sleep(ctx, delay)
	if err == nil {
		return nil
	}
	if ctx.Err() == nil {
		return &ClientError{Message: fmt.Sprintf("%s: waiting to retry failed: %v", x.req.endpoint, err), Err: err}
	}
	return x.contextError(ctx)
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

// healthURL resolves the catalog's health url: an absolute path goes to
// the base URL's scheme and host, a full URL is used as it is.
func (c *core) healthURL(u string) string {
	if !strings.HasPrefix(u, "/") {
		return u
	}
	if b, err := url.Parse(c.baseURL); err == nil {
		return b.Scheme + "://" + b.Host + u
	}
	return c.baseURL + u
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
