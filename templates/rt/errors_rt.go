package rt

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Sentinel errors for errors.Is. Every error a client returns is a
// *ClientError or one of its specific kinds, and matches one sentinel:
//
//	errors.Is(err, ErrConnection) // the server could not be reached
//	errors.Is(err, ErrTimeout)    // a request or the overall deadline ran out
//	errors.Is(err, ErrAPI)        // the server answered with an error
//
// ErrRetryBudgetExhausted additionally matches when the client stopped
// retrying because its retry budget was empty; the error is then the last
// attempt's error, wrapped.
var (
	ErrConnection           = errors.New("connection error")
	ErrTimeout              = errors.New("timeout error")
	ErrAPI                  = errors.New("API error")
	ErrRetryBudgetExhausted = errors.New("retry budget exhausted")
)

// ClientError is the base of every error the client returns. Use errors.As
// with a **ClientError to read the common fields of any of them.
type ClientError struct {
	// Message is the human-readable message; it never holds secrets.
	Message string
	// StatusCode is the HTTP status, or 0 when no response was received.
	StatusCode int
	// Details holds structured data: for an API error, the decoded error body.
	Details map[string]any
	// Err is the underlying cause, if any.
	Err error
}

// Error returns the message.
func (e *ClientError) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	return e.Message
}

// Unwrap returns the cause.
func (e *ClientError) Unwrap() error { return e.Err }

// asClientError implements the As method of the specific error kinds.
func asClientError(base *ClientError, target any) bool {
	if p, ok := target.(**ClientError); ok {
		*p = base
		return true
	}
	return false
}

// ConnectionError reports that the server could not be reached or that the
// connection failed before a complete response arrived.
type ConnectionError struct {
	ClientError
}

// As lets errors.As fill a **ClientError.
func (e *ConnectionError) As(target any) bool { return asClientError(&e.ClientError, target) }

// Is reports whether target is ErrConnection.
func (e *ConnectionError) Is(target error) bool { return target == ErrConnection }

// TimeoutError reports that a request exceeded its timeout (after all
// retries) or that the overall deadline of a call ran out. It unwraps to
// context.DeadlineExceeded when that was the cause.
type TimeoutError struct {
	ClientError
	// Timeout is the timeout that ran out.
	Timeout time.Duration
}

// As lets errors.As fill a **ClientError.
func (e *TimeoutError) As(target any) bool { return asClientError(&e.ClientError, target) }

// Is reports whether target is ErrTimeout.
func (e *TimeoutError) Is(target error) bool { return target == ErrTimeout }

// Diagnosis is the result of the first catalog diagnostics rule that matched
// an API error.
type Diagnosis struct {
	// ProblemType classifies the problem, e.g. "recoverable".
	ProblemType string
	// Message says what the problem is and what to do.
	Message string
	// Details are taken from the error's details, when the rule says where.
	Details any
	// Rule is the catalog name of the rule that matched.
	Rule string
}

// APIError reports that the server answered with an error status, or with a
// successful status whose body could not be used (invalid JSON, larger than
// the response limit). A redirect loop is an APIError too: the server
// answered, with redirects only; its message is "stopped after 10
// redirects", StatusCode is the last redirect's status and it is never
// retried.
type APIError struct {
	ClientError
	// Code is the error code found through the catalog's error format.
	Code string
	// Endpoint is the catalog name of the endpoint called, if any.
	Endpoint string
	// Method and URL identify the request; URL carries no credentials.
	Method string
	URL    string
	// RequestID is the server's id of the request, from the response header
	// the catalog names in client.request_id_header; "" when there is none.
	RequestID string
	// Header holds the response's headers, with the values of secret
	// headers (Set-Cookie, the catalog's secret_headers) masked; nil when
	// no response arrived.
	Header http.Header
	// Diagnosis is set when a catalog diagnostics rule matched.
	Diagnosis *Diagnosis
	// RetryAfter is the wait the server asked for before a retry, in
	// Retry-After-Ms or Retry-After; 0 when it asked for none (or for 0).
	RetryAfter time.Duration
	// RetryAfterRefused reports that the call stopped instead of waiting
	// RetryAfter, because that is longer than the catalog allows
	// (client.retry.max_retry_after). Verbose says so.
	RetryAfterRefused bool

	// retryable is the decision made when the error was parsed: an explicit
	// boolean in the body, else the status among the retried statuses.
	retryable *bool
	// maxRetryAfter is the cap a refused RetryAfter exceeded, for Verbose.
	maxRetryAfter time.Duration
}

// As lets errors.As fill a **ClientError.
func (e *APIError) As(target any) bool { return asClientError(&e.ClientError, target) }

// Is reports whether target is ErrAPI.
func (e *APIError) Is(target error) bool { return target == ErrAPI }

// Retryable reports whether retrying the request may succeed: an explicit
// boolean in the error body wins; otherwise the status must be one of the
// catalog's retried statuses (500, 502, 503 and 504 when unknown).
func (e *APIError) Retryable() bool {
	if e.retryable != nil {
		return *e.retryable
	}
	switch e.StatusCode {
	case 500, 502, 503, 504:
		return true
	}
	return false
}

// Suggestion returns a short hint for the status code, or "".
func (e *APIError) Suggestion() string { return suggestion(e.StatusCode) }

// suggestion returns the hint for an HTTP status.
func suggestion(status int) string {
	switch {
	case status == 400:
		return "check the request parameters"
	case status == 401:
		return "authentication required"
	case status == 403:
		return "permission denied"
	case status == 404:
		return "resource not found"
	case status == 422:
		return "validation failed; check the request data"
	case status == 429:
		return "rate limited; wait and retry"
	case status >= 500 && status <= 599:
		return "server error; check the server logs or retry later"
	}
	return ""
}

// Verbose returns "message (status)" followed by the suggestion, the
// diagnosis, the server's request id and a refused Retry-After, one per
// line, when there are any.
func (e *APIError) Verbose() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%d)", e.Error(), e.StatusCode)
	if s := e.Suggestion(); s != "" {
		fmt.Fprintf(&b, "\nsuggestion: %s", s)
	}
	if d := e.Diagnosis; d != nil {
		fmt.Fprintf(&b, "\ndiagnosis (%s): %s", d.ProblemType, d.Message)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, "\nrequest id: %s", e.RequestID)
	}
	if e.RetryAfterRefused {
		fmt.Fprintf(&b, "\nnot retried: the server asked to retry after %s", seconds(e.RetryAfter))
		if e.maxRetryAfter > 0 {
			fmt.Fprintf(&b, ", longer than the %s allowed", seconds(e.maxRetryAfter))
		}
	}
	return b.String()
}
