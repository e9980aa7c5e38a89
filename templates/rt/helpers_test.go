package rt

import (
	"net/http"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/require"
)

// testSettings are the settings of the KTRDR catalog (catalog_settings_test.go,
// rendered from spec/endpoints.yaml) without its operation protocol.
func testSettings() settings {
	s := ktrdrSettings()
	s.operations = nil
	return s
}

// The harness (server, steps, fake clock, environment) is
// internal/testkit, shared with the generated client's tests.

// testClient is a client under test with its fake clock.
type testClient struct {
	*Client
	clock *testkit.Clock
}

// newTestClient builds a client for srvURL from s with a fake clock as
// sleeper and clock, a fixed random value of 0.5 and no environment.
func newTestClient(t *testing.T, s settings, srvURL string, opts ...Option) *testClient {
	t.Helper()
	clk := testkit.NewClock()
	base := []Option{
		WithBaseURL(srvURL),
		withLookupEnv(testkit.NoEnv),
		withSleeper(clk.Sleep),
		withRandom(func() float64 { return 0.5 }),
		withClock(clk.Now),
	}
	c, err := newClient(s, append(base, opts...))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return &testClient{Client: c, clock: clk}
}

// newMemClient builds a client of s for an in-memory server, for a test
// that runs inside a testing/synctest bubble: the bubble's fake clock
// drives every timeout, backoff and Retry-After wait, so the client needs
// no clock or sleeper hook. There is no environment.
func newMemClient(t *testing.T, s settings, srv *testkit.Server, opts ...Option) *Client {
	t.Helper()
	base := []Option{WithBaseURL(srv.URL), WithHTTPClient(srv.Client()), withLookupEnv(testkit.NoEnv)}
	c, err := newClient(s, append(base, opts...))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// item is a typed response used by the tests.
type item struct {
	ID    string `json:"id"`
	Count int    `json:"count,omitempty"`
}

// getReq is a GET request of path with the client defaults.
func getReq(path string) *request {
	return &request{endpoint: "get_item", method: http.MethodGet, path: path, idempotent: true, maxRetries: -1}
}

// postReq is a non-idempotent POST of body.
func postReq(path string, body any) *request {
	return &request{endpoint: "create_item", method: http.MethodPost, path: path, body: body, maxRetries: -1}
}

// writeJSON writes status and a raw JSON body.
func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// available returns the tokens left in the budget.
func (b *retryBudget) available() int { return int(b.tokens.Load()) }
