package ktrdr

import (
	"errors"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/require"
)

// The harness (server, steps, fake clock, environment) is
// internal/testkit, shared with the runtime's tests in templates/rt.

// testOptions are the options of every test client: the base URL, no
// environment, the fake clock as sleeper and clock, and a fixed jitter of
// 0.5 (so the catalog's backoff is 1.5 s, 2.5 s, 4.5 s).
func testOptions(base string, clk *testkit.Clock) []Option {
	return []Option{
		WithBaseURL(base),
		withLookupEnv(testkit.NoEnv),
		withSleeper(clk.Sleep),
		withClock(clk.Now),
		withRandom(func() float64 { return 0.5 }),
	}
}

// shortTimeout is the per-attempt timeout of tests against a server that
// never answers: long enough for a loopback request to reach the server
// under the race detector, short enough to keep the suite fast.
const shortTimeout = 100 * time.Millisecond

// catalogBackoff is the catalog's backoff with the fixed jitter of 0.5.
var catalogBackoff = []time.Duration{testkit.Secs(1.5), testkit.Secs(2.5), testkit.Secs(4.5)}

// newTestClient returns a Client for base with the test options.
func newTestClient(t *testing.T, base string, clk *testkit.Clock, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append(testOptions(base, clk), opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// newTestAsyncClient returns an AsyncClient for base with the test options.
func newTestAsyncClient(t *testing.T, base string, clk *testkit.Clock, opts ...Option) *AsyncClient {
	t.Helper()
	c, err := NewAsyncClient(append(testOptions(base, clk), opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// apiBase is the server's URL with the KTRDR API prefix.
func apiBase(s *testkit.Server) string { return s.URL + "/api/v1" }

// closedURL returns the base URL of a port nobody listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	return testkit.ClosedURL(t) + "/api/v1"
}

// requirePackageError fails unless err is one of the package's error types
// at the top level (never a raw net or url error) and matches *ClientError
// through errors.As.
func requirePackageError(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	switch err.(type) {
	case *ClientError, *ConnectionError, *TimeoutError, *APIError, *OperationError, *budgetExhaustedError:
	default:
		t.Fatalf("error %T is not one of the package's types: %v", err, err)
	}
	var ce *ClientError
	require.True(t, errors.As(err, &ce), "%T does not match *ClientError", err)
	require.NotEmpty(t, ce.Error())
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }
