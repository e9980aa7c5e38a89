package rt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"syscall"
	"time"
)

// outcome is the result of one attempt, as classify judged it.
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

// classify is the third stage: it judges what one attempt produced. A 2xx
// response is the call's result; anything else becomes the typed error the
// call returns if it stops here, with what the retry policy weighs: may a
// retry help, did anything reach the server, did the attempt time out, how
// long did the server ask to wait.
func (x *exchange) classify(ctx context.Context, s sent) outcome {
	switch s.fail {
	case failNone:
	case failEditor:
		return outcome{err: &ClientError{Message: fmt.Sprintf("%s: request editor failed: %v", x.req.endpoint, s.err), Err: s.err}}
	case failAuth:
		// A function that waited on its context ended with it: the call
		// ends as every other call whose context or timeout ends.
		if ctx.Err() != nil {
			return outcome{err: x.contextError(ctx)}
		}
		if errors.Is(s.attemptErr, context.DeadlineExceeded) && errors.Is(s.err, context.DeadlineExceeded) {
			return outcome{err: &TimeoutError{
				ClientError: ClientError{
					Message: fmt.Sprintf("%s %s: getting the credential timed out after %s", x.req.method, x.shownURL(), seconds(x.timeout)),
					Err:     s.err,
				},
				Timeout: x.timeout,
			}}
		}
		return outcome{err: &ClientError{Message: fmt.Sprintf("%s: cannot get the credential: %v", x.req.endpoint, s.err), Err: s.err}}
	case failEdited:
		return outcome{err: &ClientError{Message: fmt.Sprintf("%s: request editor made an invalid request: %v", x.req.endpoint, s.err), Err: s.err}}
	case failTooLarge:
		return outcome{err: x.tooLarge(s.status, s.limit)}
	default: // failTransport, failReading
		return x.transportError(ctx, s)
	}
	r := s.resp
	if r.status >= 200 && r.status <= 299 {
		return outcome{resp: r}
	}
	apiErr := parseAPIError(x.c, &x.req, r)
	o := outcome{err: apiErr, retryable: apiErr.Retryable()}
	o.retryAfter, o.hasRetryAfter = retryAfter(r.header, x.c.now())
	apiErr.RetryAfter = o.retryAfter
	return o
}

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
func (x *exchange) transportError(ctx context.Context, s sent) outcome {
	err, status, readingBody := s.err, s.status, s.fail == failReading
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
	if s.attemptErr != nil || (errors.As(err, &ne) && ne.Timeout()) {
		te := &TimeoutError{
			ClientError: ClientError{
				Message: fmt.Sprintf("%s %s: request timed out after %s", x.req.method, x.shownURL(), seconds(x.timeout)),
				Err:     err,
			},
			Timeout: x.timeout,
		}
		if errors.Is(s.attemptErr, context.DeadlineExceeded) {
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
