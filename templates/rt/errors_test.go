package rt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorsAsIsMatrix(t *testing.T) {
	cause := io.ErrUnexpectedEOF
	conn := &ConnectionError{ClientError{Message: "could not connect", Err: cause}}
	timeout := &TimeoutError{ClientError: ClientError{Message: "timed out", Err: context.DeadlineExceeded}}
	api := &APIError{ClientError: ClientError{Message: "nope", StatusCode: 404}}
	budget := &budgetExhaustedError{err: &APIError{ClientError: ClientError{Message: "down", StatusCode: 503}}}

	sentinels := []error{ErrConnection, ErrTimeout, ErrAPI, ErrRetryBudgetExhausted}
	tests := []struct {
		name    string
		err     error
		matches []error
		message string
	}{
		{"connection", conn, []error{ErrConnection}, "could not connect"},
		{"timeout", timeout, []error{ErrTimeout}, "timed out"},
		{"api", api, []error{ErrAPI}, "nope"},
		{"budget", budget, []error{ErrAPI, ErrRetryBudgetExhausted}, "down"},
	}
	for _, tt := range tests {
		for _, wrap := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/wrapped=%v", tt.name, wrap), func(t *testing.T) {
				err := tt.err
				if wrap {
					err = fmt.Errorf("context: %w", err)
				}
				for _, s := range sentinels {
					want := false
					for _, m := range tt.matches {
						want = want || m == s
					}
					assert.Equal(t, want, errors.Is(err, s), "errors.Is(%v)", s)
				}
				var base *ClientError
				require.True(t, errors.As(err, &base))
				assert.Equal(t, tt.message, base.Message)

				var c *ConnectionError
				var to *TimeoutError
				var a *APIError
				assert.Equal(t, tt.name == "connection", errors.As(err, &c))
				assert.Equal(t, tt.name == "timeout", errors.As(err, &to))
				assert.Equal(t, tt.name == "api" || tt.name == "budget", errors.As(err, &a))
			})
		}
	}
	assert.ErrorIs(t, conn, io.ErrUnexpectedEOF, "Unwrap keeps the cause")
	assert.ErrorIs(t, timeout, context.DeadlineExceeded)
	assert.Equal(t, "down (not retried: retry budget exhausted)", budget.Error())
}

func TestClientErrorText(t *testing.T) {
	assert.Equal(t, "m", (&ClientError{Message: "m", Err: io.EOF}).Error())
	assert.Equal(t, "EOF", (&ClientError{Err: io.EOF}).Error())
}

func TestRetryableDefaults(t *testing.T) {
	for status, want := range map[int]bool{500: true, 502: true, 503: true, 504: true, 501: false, 429: false, 404: false, 200: false} {
		e := &APIError{ClientError: ClientError{StatusCode: status}}
		assert.Equal(t, want, e.Retryable(), "status %d", status)
	}
	f := false
	assert.False(t, (&APIError{ClientError: ClientError{StatusCode: 503}, retryable: &f}).Retryable())
}

func TestVerbose(t *testing.T) {
	e := &APIError{
		ClientError: ClientError{Message: "gateway down", StatusCode: 503},
		Diagnosis:   &Diagnosis{ProblemType: "recoverable", Message: "Temporary IB Gateway issue; retry later"},
	}
	assert.Equal(t, "gateway down (503)\n"+
		"suggestion: server error; check the server logs or retry later\n"+
		"diagnosis (recoverable): Temporary IB Gateway issue; retry later", e.Verbose())
	assert.Equal(t, "gateway down", e.Error())
}
