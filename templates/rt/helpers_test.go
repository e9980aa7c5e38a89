package rt

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testSettings mirrors the KTRDR catalog.
func testSettings() settings {
	ibWords := []string{"ib-", "gateway", "tws", "interactive", "brokers"}
	return settings{
		name:             "KTRDR",
		baseURL:          "http://localhost:8000/api/v1",
		apiPrefix:        "/api/v1",
		userAgent:        "ktrdr-go-client",
		timeout:          30 * time.Second,
		maxResponseBytes: 32 << 20,
		secretHeaders:    []string{"Authorization", "Cookie", "X-Api-Key"},
		env: envNames{
			baseURL:    []string{"KTRDR_API_CLIENT_BASE_URL", "KTRDR_API_URL"},
			timeout:    []string{"KTRDR_API_CLIENT_TIMEOUT"},
			maxRetries: []string{"KTRDR_API_CLIENT_MAX_RETRIES"},
			retryDelay: []string{"KTRDR_API_CLIENT_RETRY_DELAY"},
		},
		retry: retryPolicy{
			maxRetries:    3,
			baseDelay:     time.Second,
			maxDelay:      30 * time.Second,
			jitter:        time.Second,
			statuses:      []int{500, 502, 503, 504},
			maxRetryAfter: 60 * time.Second,
		},
		errorFormat: errorFormat{
			message:   []string{"detail", "message", "error.message"},
			code:      []string{"error.code"},
			details:   []string{"error.details"},
			retryable: []string{"retryable"},
		},
		diagnostics: diagnostics{
			key:         "ib_diagnosis",
			messageFrom: []string{"error.message"},
			rules: []diagnosticRule{
				{
					name:            "gateway_issue",
					codeContains:    []string{"ib-gateway-issue"},
					problemTypeFrom: "problem_type",
					problemTypes:    []string{"unrecoverable", "recoverable", "configuration"},
					message:         "IB Gateway reported a problem",
					detailsFrom:     "diagnosis",
				},
				{
					name:            "circuit_breaker",
					codeContains:    []string{"circuit"},
					messageContains: []string{"circuit"},
					problemType:     "unrecoverable",
					message:         "Circuit breaker open; restart the IB Gateway",
				},
				{
					name:            "silent_connection",
					codeContains:    []string{"timeout"},
					messageContains: []string{"timeout"},
					problemType:     "unrecoverable",
					message:         "IB Gateway connection is silent; check the API settings and port forwarding",
				},
				{
					name:            "gateway_unreachable",
					messageContains: []string{"connection", "connect", "unreachable", "refused"},
					problemType:     "unrecoverable",
					message:         "IB Gateway is not accessible",
				},
				{
					name:            "gateway_temporary",
					codeContains:    ibWords,
					messageContains: ibWords,
					problemType:     "recoverable",
					message:         "Temporary IB Gateway issue; retry later",
				},
			},
		},
		healthPath:    "/health",
		healthTimeout: 5 * time.Second,
	}
}

// noEnv is a LookupEnv with nothing set.
func noEnv(string) (string, bool) { return "", false }

// envMap is a LookupEnv backed by a map.
func envMap(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// recordingSleeper records the delays asked for and returns at once.
type recordingSleeper struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *recordingSleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *recordingSleeper) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

// testClient is a client under test with its sleeper.
type testClient struct {
	*Client
	sleeper *recordingSleeper
}

// newTestClient builds a client for srvURL from s with an instant sleeper,
// a fixed random value of 0.5, no environment and a fixed clock.
func newTestClient(t *testing.T, s settings, srvURL string, opts ...Option) *testClient {
	t.Helper()
	sl := &recordingSleeper{}
	base := []Option{
		WithBaseURL(srvURL),
		WithLookupEnv(noEnv),
		WithSleeper(sl.sleep),
		WithRandom(func() float64 { return 0.5 }),
		WithClock(func() time.Time { return testNow }),
	}
	c, err := newClient(s, append(base, opts...))
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return &testClient{Client: c, sleeper: sl}
}

// testNow is the injected clock's time.
var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// countingServer serves h and counts requests.
type countingServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits int
}

func newCountingServer(t *testing.T, h http.HandlerFunc) *countingServer {
	t.Helper()
	cs := &countingServer{}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.mu.Lock()
		cs.hits++
		cs.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *countingServer) count() int {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return cs.hits
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
func (b *retryBudget) available() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.tokens
}
