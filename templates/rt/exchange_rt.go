package rt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

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
	headers   http.Header   // call headers, idempotency key included; owned by the call
	auth      *authConfig   // nil: no credential is sent (none declared, or auth: none)
	info      *ResponseInfo // WithResponseInto's, filled when the call ends
	resp      response
}

// sent is the raw result of one attempt, before classify judges it.
type sent struct {
	resp   *response // the response, its body read; nil when fail is set
	fail   sendFailure
	err    error // the failure's cause; nil for failNone and failTooLarge
	status int   // the status of a response that failed (0: none)
	limit  int64 // the body limit a failTooLarge body exceeds
	// attemptErr is the attempt context's error when the failure happened,
	// read before that context is released: set when the attempt's own
	// timeout (or the caller's context) ended it.
	attemptErr error
}

// sendFailure says where an attempt failed.
type sendFailure uint8

const (
	failNone      sendFailure = iota // a response arrived and its body was read
	failEditor                       // a request editor returned an error
	failAuth                         // the credential function failed
	failEdited                       // a request editor made an invalid request
	failTransport                    // the exchange failed before a response arrived
	failReading                      // the connection failed while the body was read
	failTooLarge                     // a successful response's body exceeds the limit
)

// send is the second stage: it sends the request once, under the
// attempt's own timeout, and reads the response. It judges nothing:
// classify does.
func (x *exchange) send(ctx context.Context) sent {
	c := x.c
	// The attempt's own timeout, unless the context ends sooner anyway:
	// then the context's end is what the caller sees either way.
	actx := ctx
	stream := x.req.media != nil && x.req.media.resp == respStream
	if stream {
		// The timeout bounds the wait for the response, not the download.
		var cancel context.CancelCauseFunc
		actx, cancel = context.WithCancelCause(ctx)
		timer := time.AfterFunc(x.timeout, func() { cancel(context.DeadlineExceeded) })
		defer func() {
			if timer.Stop() && x.resp.stream != nil {
				x.resp.stream.release = append(x.resp.stream.release, func() { cancel(nil) })
			} else {
				cancel(nil)
			}
		}()
	} else if dl, ok := ctx.Deadline(); !ok || time.Until(dl) > x.timeout {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, x.timeout)
		defer cancel()
	}
	x.resp.status, x.resp.header = 0, nil // no response yet
	hreq := x.newRequest(actx)
	if x.auth != nil {
		if err := x.auth.authorize(actx, hreq); err != nil {
			return sent{fail: failAuth, err: err, attemptErr: actx.Err()}
		}
	}
	for _, edit := range c.editors {
		if err := edit(actx, hreq); err != nil {
			return sent{fail: failEditor, err: err}
		}
	}
	if len(c.editors) > 0 {
		// What the client sets itself is checked when it is configured;
		// what an editor set would fail in the transport, looking like
		// a connection error and retried as one.
		if err := checkEdited(hreq); err != nil {
			return sent{fail: failEdited, err: err}
		}
	}

	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		redactURLError(err, c, hreq)
		s := sent{fail: failTransport, err: err, attemptErr: context.Cause(actx)}
		if hresp != nil {
			s.status = hresp.StatusCode
		}
		return s
	}
	if stream && hresp.StatusCode >= 200 && hresp.StatusCode <= 299 {
		// Handed over unread: not bound by the response limit.
		x.resp = response{status: hresp.StatusCode, header: hresp.Header, u: x.u, sent: hreq, stream: &streamBody{rc: hresp.Body}}
		return sent{resp: &x.resp}
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
		return sent{fail: failTooLarge, status: r.status, limit: limit}
	}
	var over bool
	if r.status == http.StatusSwitchingProtocols {
		eof = true // the body is the upgraded connection: it has no end, never read it
	} else {
		r.body, over, eof, err = readBody(hresp.Body, hresp.ContentLength, limit, !success)
	}
	if err != nil {
		return sent{fail: failReading, err: err, status: r.status, attemptErr: actx.Err()}
	}
	if over && success {
		return sent{fail: failTooLarge, status: r.status, limit: limit}
	}
	r.truncated = over
	return sent{resp: r}
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
	h["Accept"] = c.acceptValue
	m := x.req.media
	if m != nil && m.acceptValue != nil {
		h["Accept"] = m.acceptValue
	}
	if m != nil && m.hasBody {
		h["Content-Type"] = m.contentTypeValue
	} else if x.payload != nil {
		h["Content-Type"] = c.jsonValue
	}
	h["User-Agent"] = c.userAgentValue
	for k, vs := range c.headers {
		if x.req.foreignHost && c.secretHeaders[k] {
			continue // as a redirect to another host: no secret leaves
		}
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
	} else if m != nil && m.streamed != nil {
		m.setStreamedBody(&tmpl)
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

// redactURLError masks the secrets of the request in the URL of the
// *url.Error that net/http returns: that URL is the one sent, with a
// query credential, and the error stays reachable as the Err of ours.
func redactURLError(err error, c *core, hreq *http.Request) {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return
	}
	if u, perr := url.Parse(ue.URL); perr == nil {
		ue.URL = redactURL(u)
	}
	ue.URL = redactText(ue.URL, secretValues(c.secretHeaders, c.secretQuery, hreq))
}

// shownURL is the request URL without credentials or secret query
// values, for error messages.
func (x *exchange) shownURL() string { return redactURL(x.u) }
