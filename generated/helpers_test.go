package ktrdr

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fakeClock is the injected clock and sleeper of a test: every sleep is
// recorded, returns at once and advances the clock, so retry and poll
// delays are exact and no real time passes.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	// hook, when set, runs after each recorded sleep (n counts from 1) and
	// its error is the sleep's result.
	hook func(ctx context.Context, n int) error
}

// testEpoch is where every fake clock starts.
var testEpoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

func newFakeClock() *fakeClock { return &fakeClock{now: testEpoch} }

// Now returns the fake time.
func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d, advances the clock by d and returns ctx.Err() (or the
// hook's error).
func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	n, hook := len(c.sleeps), c.hook
	c.mu.Unlock()
	if hook != nil {
		return hook(ctx, n)
	}
	return ctx.Err()
}

// Sleeps returns the recorded delays.
func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Elapsed is the fake time that has passed.
func (c *fakeClock) Elapsed() time.Duration { return c.Now().Sub(testEpoch) }

// noEnv is a LookupEnv with nothing set.
func noEnv(string) (string, bool) { return "", false }

// envOf is a LookupEnv backed by a map.
func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// secs builds a duration from fractional seconds.
func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// testOptions are the options of every test client: the base URL, no
// environment, the fake clock as sleeper and clock, and a fixed jitter of
// 0.5 (so the catalog's backoff is 1.5 s, 2.5 s, 4.5 s).
func testOptions(base string, clk *fakeClock) []Option {
	return []Option{
		WithBaseURL(base),
		WithLookupEnv(noEnv),
		WithSleeper(clk.Sleep),
		WithClock(clk.Now),
		WithRandom(func() float64 { return 0.5 }),
	}
}

// shortTimeout is the per-attempt timeout of tests against a server that
// never answers: long enough for a loopback request to reach the server
// under the race detector, short enough to keep the suite fast.
const shortTimeout = 100 * time.Millisecond

// catalogBackoff is the catalog's backoff with the fixed jitter of 0.5.
var catalogBackoff = []time.Duration{secs(1.5), secs(2.5), secs(4.5)}

// newTestClient returns a Client for base with the test options.
func newTestClient(t *testing.T, base string, clk *fakeClock, opts ...Option) *Client {
	t.Helper()
	c, err := NewClient(append(testOptions(base, clk), opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// newTestAsyncClient returns an AsyncClient for base with the test options.
func newTestAsyncClient(t *testing.T, base string, clk *fakeClock, opts ...Option) *AsyncClient {
	t.Helper()
	c, err := NewAsyncClient(append(testOptions(base, clk), opts...)...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// attemptLog counts the attempts of a client from the client's side (a
// request editor runs once per attempt, before it is sent) and numbers
// them in the X-Test-Attempt header. Unlike the server's count it is exact
// even when an attempt times out before reaching the server.
type attemptLog struct {
	mu  sync.Mutex
	log []string
}

// option installs the log on a client.
func (a *attemptLog) option() Option {
	return WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		a.mu.Lock()
		defer a.mu.Unlock()
		a.log = append(a.log, req.Method+" "+req.URL.EscapedPath())
		req.Header.Set("X-Test-Attempt", strconv.Itoa(len(a.log)))
		return nil
	})
}

// got returns "METHOD path" of every attempt.
func (a *attemptLog) got() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.log...)
}

// byAttempt answers the client's attempt n (from 1, see attemptLog) with
// steps[n-1], the last repeating, whatever reached the server before.
func byAttempt(steps ...step) step {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.Header.Get("X-Test-Attempt"))
		if err != nil || n < 1 {
			reply(400, `{"detail":"no X-Test-Attempt"}`)(w, r)
			return
		}
		steps[min(n, len(steps))-1](w, r)
	}
}

// recorded is one request as the server saw it.
type recorded struct {
	Method string
	Path   string // escaped, as sent on the request line
	Query  string // raw query
	Body   string
	Header http.Header `json:"-"`
}

// step answers one request.
type step func(w http.ResponseWriter, r *http.Request)

// scriptServer is a local server whose answers are scripted per test. It
// records every request and counts the TCP connections it accepts and
// closes.
type scriptServer struct {
	*httptest.Server
	release chan struct{} // closed at cleanup: unblocks hanging handlers

	mu      sync.Mutex
	handler func(n int, w http.ResponseWriter, r *http.Request)
	reqs    []recorded
	opened  int
	closed  int
	active  map[net.Conn]bool
}

// newScriptServer starts a server whose n-th request (from 0) is answered
// by handler.
func newScriptServer(t *testing.T, handler func(n int, w http.ResponseWriter, r *http.Request)) *scriptServer {
	t.Helper()
	s := &scriptServer{release: make(chan struct{}), handler: handler, active: map[net.Conn]bool{}}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.Config.BaseContext = func(net.Listener) context.Context {
		return context.WithValue(context.Background(), releaseKey{}, s.release)
	}
	s.Config.ConnState = func(c net.Conn, st http.ConnState) {
		s.mu.Lock()
		defer s.mu.Unlock()
		switch st {
		case http.StateNew:
			s.opened++
			s.active[c] = true
		case http.StateClosed, http.StateHijacked:
			if s.active[c] {
				s.closed++
				delete(s.active, c)
			}
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.release) }) // runs before Close
	return s
}

// newStepServer answers request n with steps[n], the last step repeating.
func newStepServer(t *testing.T, steps ...step) *scriptServer {
	t.Helper()
	require.NotEmpty(t, steps)
	return newScriptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		steps[min(n, len(steps)-1)](w, r)
	})
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, recorded{
		Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Body: string(b), Header: r.Header.Clone(),
	})
	h := s.handler
	s.mu.Unlock()
	h(n, w, r)
}

// base is the server's URL with the KTRDR API prefix.
func (s *scriptServer) base() string { return s.URL + "/api/v1" }

// requests returns the requests seen so far.
func (s *scriptServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// count returns the number of requests seen so far.
func (s *scriptServer) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// reset forgets the requests seen, so that the script starts again.
func (s *scriptServer) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = nil
}

// conns returns the connections opened and closed so far.
func (s *scriptServer) conns() (opened, closed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened, s.closed
}

// waitClosed waits until every connection the server accepted is closed.
func (s *scriptServer) waitClosed(t *testing.T) {
	t.Helper()
	require.Eventually(t, func() bool {
		o, c := s.conns()
		return o == c
	}, 5*time.Second, time.Millisecond, "connections left open")
}

// paths returns "METHOD path?query" of every request seen.
func (s *scriptServer) paths() []string {
	var out []string
	for _, r := range s.requests() {
		p := r.Method + " " + r.Path
		if r.Query != "" {
			p += "?" + r.Query
		}
		out = append(out, p)
	}
	return out
}

// reply answers with status, a JSON body and headers given as key, value
// pairs.
func reply(status int, body string, headers ...string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// redirect answers with a redirect to loc.
func redirect(status int, loc string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", loc)
		w.WriteHeader(status)
	}
}

// hijack takes the connection over, writes raw and closes it; with reset
// the close is abortive (SetLinger(0): the client sees a TCP RST).
func hijack(w http.ResponseWriter, raw string, reset bool) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(fmt.Sprintf("hijack: %v", err))
	}
	if raw != "" {
		_, _ = buf.WriteString(raw)
		_ = buf.Flush()
	}
	if reset {
		if tc, ok := conn.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
	}
	_ = conn.Close()
}

// drop closes the connection without answering.
func drop() step {
	return func(w http.ResponseWriter, r *http.Request) { hijack(w, "", false) }
}

// resetConn resets the connection without answering.
func resetConn() step {
	return func(w http.ResponseWriter, r *http.Request) { hijack(w, "", true) }
}

// rawResponse writes a raw HTTP response (possibly incomplete) and closes
// the connection, resetting it when reset is set.
func rawResponse(resp string, reset bool) step {
	return func(w http.ResponseWriter, r *http.Request) { hijack(w, resp, reset) }
}

// releaseKey is the context key of a script server's release channel.
type releaseKey struct{}

// hangLimit bounds how long a handler blocks when a client never gives up,
// so that a client ignoring its timeout fails the test instead of hanging
// it; a working client gives up long before.
const hangLimit = 5 * time.Second

// blockUntilDone blocks until the client goes away or the test ends.
func blockUntilDone(r *http.Request) {
	release, _ := r.Context().Value(releaseKey{}).(chan struct{})
	t := time.NewTimer(hangLimit)
	defer t.Stop()
	select {
	case <-r.Context().Done():
	case <-release:
	case <-t.C:
	}
}

// hang never answers: it blocks until the client gives up or the test
// ends.
func hang() step {
	return func(w http.ResponseWriter, r *http.Request) { blockUntilDone(r) }
}

// slowBody sends the headers and the start of a body, then blocks until
// the client gives up or the test ends.
func slowBody(prefix string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, prefix)
		_ = http.NewResponseController(w).Flush()
		blockUntilDone(r)
	}
}

// closedURL returns the base URL of a port nobody listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr + "/api/v1"
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
