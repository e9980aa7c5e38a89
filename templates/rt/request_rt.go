package rt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// request is one call of a catalog endpoint, built by the generated
// per-endpoint request function and executed by call, callValue or
// callNoContent. Both client flavours build it the same way.
type request struct {
	endpoint   string     // catalog name, for error messages
	method     string     // upper case
	path       string     // escaped path relative to the base URL
	query      url.Values // nil when there is none
	body       any        // nil when there is none; encoded as JSON
	timeout    time.Duration
	idempotent bool // safe to retry (GET, PUT, DELETE…, or marked in the catalog)
	noRetry    bool // the catalog forbids retries for this endpoint
	maxRetries int  // -1: client default
	rawBody    bool // a 2xx body is returned as is, never checked (health check)
	// bodyRequired: the catalog requires a body, so a nil one is refused
	// unsent instead of sending an empty request.
	bodyRequired bool
	// emptyParam names a string path parameter that was empty: such a
	// request would reach another route, so it is refused unsent.
	emptyParam string
}

// emptyParam returns the name of the first empty value among name, value
// pairs, or "". Request builders call it with their string path
// parameters.
func emptyParam(pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return pairs[i]
		}
	}
	return ""
}

// response is a completed HTTP exchange with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
	u      *url.URL // the request URL, shown without credentials
	// sent is the request as sent, after request editors: its secret
	// header and query values are masked in errors.
	sent *http.Request
	// truncated: an error body longer than maxErrorBodyBytes, cut there.
	truncated bool
}

// shownURL is the request URL without credentials or secret query
// values, for error messages.
func (r *response) shownURL() string { return redactURL(r.u) }

// call executes req and decodes a JSON response into a new T. An empty
// response (204 or no body) is an *APIError: the endpoint declares a
// response. The work is done by callInto, which is not generic, so each T
// costs only these few lines.
func call[T any](ctx context.Context, c *core, req *request, opts []CallOption) (*T, error) {
	v := new(T)
	if _, err := callInto(ctx, c, req, opts, v, false); err != nil {
		return nil, err
	}
	return v, nil
}

// callOptional is call for an endpoint whose response may be empty
// (response_optional in the catalog): an empty response gives a nil *T and
// no error.
func callOptional[T any](ctx context.Context, c *core, req *request, opts []CallOption) (*T, error) {
	v := new(T)
	if empty, err := callInto(ctx, c, req, opts, v, true); err != nil || empty {
		return nil, err
	}
	return v, nil
}

// callValue is call for responses that are not named types (slices, maps,
// json.RawMessage).
func callValue[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, error) {
	var v T
	if _, err := callInto(ctx, c, req, opts, &v, false); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// callValueOptional is callValue for a response that may be empty: an
// empty response gives the zero T.
func callValueOptional[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, error) {
	var v T
	if _, err := callInto(ctx, c, req, opts, &v, true); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// callInto executes req and decodes a JSON response into v, a pointer.
// empty reports a response without a result (204 or no body), in which
// case v is left untouched; unless emptyOK, such a response is an error.
func callInto(ctx context.Context, c *core, req *request, opts []CallOption, v any, emptyOK bool) (empty bool, err error) {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return false, err
	}
	if isEmptyBody(r) {
		if !emptyOK {
			return true, emptyBodyError(req, r)
		}
		return true, nil
	}
	return false, decodeJSON(c, req, r, v)
}

// callNoContent executes req and discards a successful response body.
func callNoContent(ctx context.Context, c *core, req *request, opts []CallOption) error {
	_, err := execute(ctx, c, req, opts)
	return err
}

// defaultIdempotencyHeader carries WithIdempotencyKey when the catalog
// names no idempotency header.
const defaultIdempotencyHeader = "Idempotency-Key"

// drainLimit bounds how much of an unread body is discarded before closing
// it, so that small bodies leave their connection reusable.
const drainLimit = 64 << 10

// exchange holds what every attempt of one call shares, and the response
// of the successful attempt (one allocation for both).
type exchange struct {
	c         *core
	req       request         // a copy: the caller's request can stay on its stack
	callerCtx context.Context // the caller's context, before our deadline
	deadline  time.Duration   // overall deadline of the call; 0: none
	timeout   time.Duration   // per attempt
	u         *url.URL        // the request URL, built once; never modified
	uv        url.URL         // where u points when requestURL built it
	method    string          // the HTTP method sent
	payload   []byte          // encoded body; nil: none
	getBody   func() (io.ReadCloser, error)
	headers   http.Header // call headers, idempotency key included; owned by the call
	resp      response
}

// outcome is the result of one attempt.
type outcome struct {
	resp *response
	err  error
	// retryable: the failure may go away on a retry (still subject to the
	// attempt cap, idempotency and the budget).
	retryable bool
	// unsent: nothing reached the server (the dial failed), so even a
	// non-idempotent request may be retried.
	unsent  bool
	timeout bool // the attempt timed out
	// retryAfter is the server's requested wait, when it sent one.
	retryAfter    time.Duration
	hasRetryAfter bool
}

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

// attempt sends the request once and reads the response.
func (x *exchange) attempt(ctx context.Context) outcome {
	c, req := x.c, &x.req
	// The attempt's own timeout, unless the context ends sooner anyway:
	// then the context's end is what the caller sees either way.
	actx := ctx
	if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > x.timeout {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, x.timeout)
		defer cancel()
	}
	hreq := x.newRequest(actx)
	for _, edit := range c.editors {
		if err := edit(actx, hreq); err != nil {
			return outcome{err: &ClientError{Message: fmt.Sprintf("%s: request editor failed: %v", req.endpoint, err), Err: err}}
		}
	}
	if len(c.editors) > 0 {
		// What the client sets itself is checked when it is configured;
		// what an editor set would fail in the transport, looking like
		// a connection error and retried as one.
		if err := checkEdited(hreq); err != nil {
			return outcome{err: &ClientError{Message: fmt.Sprintf("%s: request editor made an invalid request: %v", req.endpoint, err), Err: err}}
		}
	}

	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		status := 0
		if hresp != nil {
			status = hresp.StatusCode
		}
		return x.transportError(ctx, actx, err, status, false)
	}
	eof := false
	defer func() {
		if !eof {
			_, _ = io.CopyN(io.Discard, hresp.Body, drainLimit)
		}
		_ = hresp.Body.Close()
	}()
	r := &x.resp
	*r = response{status: hresp.StatusCode, header: hresp.Header, u: x.u, sent: hreq}
	success := r.status >= 200 && r.status <= 299
	limit := c.maxResponseBytes
	if !success {
		limit = min(limit, maxErrorBodyBytes) // an error keeps no more
	}
	if success && hresp.ContentLength > limit {
		return outcome{err: x.tooLarge(r.status, limit)}
	}
	var over bool
	if r.status == http.StatusSwitchingProtocols {
		eof = true // the body is the upgraded connection: it has no end, never read it
	} else {
		r.body, over, eof, err = readBody(hresp.Body, hresp.ContentLength, limit, !success)
	}
	if err != nil {
		return x.transportError(ctx, actx, err, r.status, true)
	}
	if over && success {
		return outcome{err: x.tooLarge(r.status, limit)}
	}
	r.truncated = over
	if success {
		return outcome{resp: r}
	}
	apiErr := parseAPIError(c, req, r)
	o := outcome{err: apiErr, retryable: apiErr.Retryable()}
	o.retryAfter, o.hasRetryAfter = retryAfter(r.header, c.now())
	return o
}

// newRequest builds the *http.Request of one attempt from the URL parsed
// once, as http.NewRequestWithContext would from its text. The header
// values the client adds to every request are shared, read-only slices;
// when request editors may change them, the request gets its own copies.
func (x *exchange) newRequest(ctx context.Context) *http.Request {
	c := x.c
	u := x.u
	edited := len(c.editors) > 0
	host := removeEmptyPort(u.Host)
	if edited || host != u.Host { // editors may change the URL: they get their own
		cu := *u
		cu.Host = host
		u = &cu
	}
	h := make(http.Header, 3+len(c.headers)+len(x.headers))
	h["Accept"] = c.jsonValue
	if x.payload != nil {
		h["Content-Type"] = c.jsonValue
	}
	h["User-Agent"] = c.userAgentValue
	for k, vs := range c.headers {
		h[k] = vs
	}
	for k, vs := range x.headers {
		h[k] = vs
	}
	if edited {
		for k, vs := range h {
			h[k] = append([]string(nil), vs...)
		}
	}
	tmpl := http.Request{
		Method:     x.method,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     h,
		Host:       host,
	}
	if x.payload != nil {
		// As http.NewRequestWithContext does for a *bytes.Reader: GetBody
		// lets redirects (307, 308) and the transport replay the body.
		tmpl.ContentLength = int64(len(x.payload))
		if tmpl.ContentLength == 0 {
			tmpl.Body, tmpl.GetBody = http.NoBody, func() (io.ReadCloser, error) { return http.NoBody, nil }
		} else {
			tmpl.Body, _ = x.getBody()
			tmpl.GetBody = x.getBody
		}
	}
	return tmpl.WithContext(ctx)
}

// checkEdited refuses what the transport would refuse in a request that
// request editors changed: an invalid method, a URL that is not absolute
// http(s), an invalid header name or value. Values are never shown.
func checkEdited(r *http.Request) error {
	if !validMethod(r.Method) {
		return fmt.Errorf("invalid method %q", r.Method)
	}
	if r.URL == nil || (r.URL.Scheme != "http" && r.URL.Scheme != "https") || r.URL.Host == "" {
		return errors.New("the URL is not an absolute http or https URL")
	}
	for k, vs := range r.Header {
		for _, v := range vs {
			if err := checkHeader(k, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// removeEmptyPort strips the colon of a host with an empty port
// ("host:"), as http.NewRequestWithContext does.
func removeEmptyPort(host string) string {
	if strings.LastIndex(host, ":") > strings.LastIndex(host, "]") {
		return strings.TrimSuffix(host, ":")
	}
	return host
}

// readBody reads a response body of at most limit bytes, reading one byte
// more to detect a longer one. size is the announced Content-Length (-1:
// unknown); when known, the buffer is allocated once at that size.
// Otherwise the body is read into chunks of doubling size that are joined
// at the end, so that no byte is copied while reading and a body over the
// limit costs about limit bytes. over reports a body longer than limit:
// b is then nil, or its first limit bytes when keepOver is set. eof
// reports that the body was read to its end.
func readBody(r io.Reader, size, limit int64, keepOver bool) (b []byte, over, eof bool, err error) {
	n := int64(512)
	if size >= 0 {
		n = size + 1 // +1: room for the read that reports the end
	}
	var chunks [][]byte
	var total int64 // bytes in chunks
	b = make([]byte, 0, min(n, limit+1))
	for {
		if len(b) == cap(b) {
			if total+int64(len(b)) > limit {
				break
			}
			chunks = append(chunks, b)
			total += int64(len(b))
			b = make([]byte, 0, min(max(total, 512), limit+1-total))
		}
		m, rerr := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if rerr == io.EOF {
			eof = true
			break
		}
		if rerr != nil {
			err = rerr
			break
		}
		if total+int64(len(b)) > limit {
			break
		}
	}
	over = total+int64(len(b)) > limit
	if over && !keepOver {
		return nil, true, false, err
	}
	if len(chunks) > 0 {
		all := make([]byte, 0, total+int64(len(b)))
		for _, c := range chunks {
			all = append(all, c...)
		}
		b = append(all, b...)
	}
	if over {
		b = b[:limit]
	}
	return b, over, eof, err
}

// shownURL is the request URL without credentials or secret query
// values, for error messages.
func (x *exchange) shownURL() string { return redactURL(x.u) }

// tooLarge is the error of a response body over the limit; not retried.
func (x *exchange) tooLarge(status int, limit int64) error {
	return &APIError{
		ClientError: ClientError{
			Message:    fmt.Sprintf("response body exceeds %d bytes", limit),
			StatusCode: status,
			Details:    map[string]any{"limit": limit},
		},
		Endpoint:  x.req.endpoint,
		Method:    x.req.method,
		URL:       x.shownURL(),
		retryable: new(bool),
	}
}

// transportError classifies a failure of the HTTP exchange itself: the
// caller's context, the overall deadline, the attempt timeout, a redirect
// loop, or a connection failure. Raw net/url errors never escape: they are
// the Err of the typed error.
func (x *exchange) transportError(ctx, actx context.Context, err error, status int, readingBody bool) outcome {
	if ctx.Err() != nil {
		return outcome{err: x.contextError(ctx)}
	}
	cause := err
	var ue *url.Error
	if errors.As(err, &ue) {
		cause = ue.Err
	}
	if errors.Is(err, errTooManyRedirects) {
		return outcome{err: &APIError{
			ClientError: ClientError{
				Message:    fmt.Sprintf("stopped after %d redirects", maxRedirects),
				StatusCode: status,
				Details:    map[string]any{},
				Err:        errTooManyRedirects,
			},
			Endpoint:  x.req.endpoint,
			Method:    x.req.method,
			URL:       x.shownURL(),
			retryable: new(bool),
		}}
	}
	var ne net.Error
	if actx.Err() != nil || (errors.As(err, &ne) && ne.Timeout()) {
		te := &TimeoutError{
			ClientError: ClientError{
				Message: fmt.Sprintf("%s %s: request timed out after %s", x.req.method, x.shownURL(), seconds(x.timeout)),
				Err:     err,
			},
			Timeout: x.timeout,
		}
		if errors.Is(actx.Err(), context.DeadlineExceeded) {
			te.Err = timeoutCause{err}
		}
		return outcome{err: te, retryable: true, timeout: true}
	}
	var rse *redirectSchemeError
	if errors.As(err, &rse) {
		return outcome{err: &APIError{
			ClientError: ClientError{
				Message:    rse.Error(),
				StatusCode: status,
				Details:    map[string]any{},
				Err:        rse,
			},
			Endpoint:  x.req.endpoint,
			Method:    x.req.method,
			URL:       x.shownURL(),
			retryable: new(bool),
		}}
	}
	ce := &ConnectionError{ClientError: ClientError{Err: err, StatusCode: status}}
	var oe *net.OpError
	unsent := errors.As(err, &oe) && oe.Op == "dial"
	switch {
	case readingBody:
		ce.Message = fmt.Sprintf("%s %s: connection lost while reading the response: %v", x.req.method, x.shownURL(), cause)
	case unsent && errors.Is(err, syscall.ECONNREFUSED):
		ce.Message = fmt.Sprintf("could not connect to %s: is the server running? (%v)", x.shownURL(), cause)
	case unsent:
		ce.Message = fmt.Sprintf("could not connect to %s (%v)", x.shownURL(), cause)
	case errors.Is(err, syscall.ECONNRESET):
		ce.Message = fmt.Sprintf("%s %s: the server reset the connection before sending a response (%v)", x.req.method, x.shownURL(), cause)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.EPIPE):
		ce.Message = fmt.Sprintf("%s %s: the server closed the connection before sending a response (%v)", x.req.method, x.shownURL(), cause)
	default:
		ce.Message = fmt.Sprintf("%s %s: connection failed before a response arrived (%v)", x.req.method, x.shownURL(), cause)
	}
	return outcome{err: ce, retryable: true, unsent: unsent}
}

// timeoutCause wraps a transport error so that it also matches
// context.DeadlineExceeded.
type timeoutCause struct{ err error }

func (t timeoutCause) Error() string { return t.err.Error() }

func (t timeoutCause) Unwrap() []error { return []error{t.err, context.DeadlineExceeded} }

// contextError reports why ctx ended: the caller cancelled (a *ClientError
// matching context.Canceled), the caller's deadline passed, or the call's
// overall deadline passed (both a *TimeoutError matching
// context.DeadlineExceeded).
func (x *exchange) contextError(ctx context.Context) error {
	prefix := x.req.method + " " + x.shownURL()
	if err := callerContextError(x.callerCtx, prefix); err != nil {
		return err
	}
	return &TimeoutError{
		ClientError: ClientError{
			Message: fmt.Sprintf("%s: call deadline of %s exceeded", prefix, seconds(x.deadline)),
			Err:     context.DeadlineExceeded,
		},
		Timeout: x.deadline,
	}
}

// seconds formats d as a number of seconds with its unit: "30 seconds",
// "0.25 seconds", "1 second".
func seconds(d time.Duration) string {
	n := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
	if n == "1" {
		return n + " second"
	}
	return n + " seconds"
}

// newIdempotencyKey returns a random UUID (version 4).
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
