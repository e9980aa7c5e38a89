package testkit

import (
	"bytes"
	"context"
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

// Request is one request as the server saw it.
type Request struct {
	Method string
	Path   string // escaped, as sent on the request line
	Query  string // raw query
	Body   string
	Header http.Header `json:"-"`
}

// Step answers one request.
type Step func(w http.ResponseWriter, r *http.Request)

// Handler answers the n-th request (from 0).
type Handler func(n int, w http.ResponseWriter, r *http.Request)

// Server is a test server whose answers are scripted per test. It records
// every request and, on loopback, counts the TCP connections it accepts
// and closes.
type Server struct {
	// URL is the server's base URL, without a trailing slash.
	URL string

	srv       *httptest.Server  // nil in memory
	transport http.RoundTripper // in memory only
	release   chan struct{}     // closed at cleanup: unblocks hanging handlers

	mu      sync.Mutex
	handler Handler
	reqs    []Request
	times   []time.Time // when each request arrived (the bubble's time in synctest)
	opened  int
	closed  int
	active  map[net.Conn]bool
	changed chan struct{} // signalled (without blocking) when a connection closes
}

// NewServer starts a loopback server whose n-th request (from 0) is
// answered by handler. It stops when the test ends.
func NewServer(t testing.TB, handler Handler) *Server {
	t.Helper()
	s := &Server{release: make(chan struct{}), handler: handler, active: map[net.Conn]bool{}, changed: make(chan struct{}, 1)}
	s.srv = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.srv.Config.BaseContext = func(net.Listener) context.Context {
		return context.WithValue(context.Background(), releaseKey{}, s.release)
	}
	s.srv.Config.ConnState = func(c net.Conn, st http.ConnState) {
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
				select {
				case s.changed <- struct{}{}:
				default:
				}
			}
		}
	}
	s.srv.Start()
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	t.Cleanup(func() { close(s.release) }) // runs before Close
	return s
}

// NewStepServer starts a loopback server that answers request n with
// steps[n], the last step repeating.
func NewStepServer(t testing.TB, steps ...Step) *Server {
	t.Helper()
	require.NotEmpty(t, steps)
	return NewServer(t, byIndex(steps))
}

// Serve starts a loopback server that answers every request with h.
func Serve(t testing.TB, h http.HandlerFunc) *Server {
	t.Helper()
	return NewServer(t, func(_ int, w http.ResponseWriter, r *http.Request) { h(w, r) })
}

// NewMemServer returns an in-memory server whose n-th request (from 0) is
// answered by handler. Only the client of Client reaches it; no socket is
// opened, so it works inside a testing/synctest bubble (create it inside
// the bubble). Steps that take the connection over (Drop, ResetConn,
// RawResponse) need a loopback server.
func NewMemServer(t testing.TB, handler Handler) *Server {
	t.Helper()
	s := &Server{URL: "http://testkit.invalid", release: make(chan struct{}), handler: handler, active: map[net.Conn]bool{}}
	s.transport = memTransport{s}
	t.Cleanup(func() { close(s.release) })
	return s
}

// NewMemStepServer is NewStepServer in memory.
func NewMemStepServer(t testing.TB, steps ...Step) *Server {
	t.Helper()
	require.NotEmpty(t, steps)
	return NewMemServer(t, byIndex(steps))
}

func byIndex(steps []Step) Handler {
	return func(n int, w http.ResponseWriter, r *http.Request) {
		steps[min(n, len(steps)-1)](w, r)
	}
}

// Client returns an *http.Client that reaches the server.
func (s *Server) Client() *http.Client {
	if s.srv != nil {
		return s.srv.Client()
	}
	return &http.Client{Transport: s.transport}
}

// Close stops a loopback server now (it is stopped at cleanup anyway).
func (s *Server) Close() {
	if s.srv != nil {
		s.srv.Close()
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b))
	s.mu.Lock()
	n := len(s.reqs)
	s.reqs = append(s.reqs, Request{
		Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery, Body: string(b), Header: r.Header.Clone(),
	})
	s.times = append(s.times, time.Now())
	h := s.handler
	s.mu.Unlock()
	h(n, w, r)
}

// Requests returns the requests seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.reqs...)
}

// Count returns the number of requests seen so far.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

// Reset forgets the requests seen, so that the script starts again.
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs, s.times = nil, nil
}

// Gaps returns the time between each request and the one before it: the
// client's waits between attempts, exact inside a synctest bubble.
func (s *Server) Gaps() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []time.Duration
	for i := 1; i < len(s.times); i++ {
		out = append(out, s.times[i].Sub(s.times[i-1]))
	}
	return out
}

// Conns returns the connections a loopback server opened and closed so
// far.
func (s *Server) Conns() (opened, closed int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opened, s.closed
}

// WaitClosed waits until every connection a loopback server accepted is
// closed (the server sees a close asynchronously), failing the test after
// HangLimit.
func (s *Server) WaitClosed(t testing.TB) {
	t.Helper()
	limit := time.NewTimer(HangLimit)
	defer limit.Stop()
	for {
		if o, c := s.Conns(); o == c {
			return
		}
		select {
		case <-s.changed:
		case <-limit.C:
			o, c := s.Conns()
			t.Fatalf("connections left open: %d opened, %d closed", o, c)
		}
	}
}

// Paths returns "METHOD path?query" of every request seen.
func (s *Server) Paths() []string {
	var out []string
	for _, r := range s.Requests() {
		p := r.Method + " " + r.Path
		if r.Query != "" {
			p += "?" + r.Query
		}
		out = append(out, p)
	}
	return out
}

// ClosedURL returns the URL of a loopback port nobody listens on.
func ClosedURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

// Attempts counts the attempts of a client from the client's side (a
// request editor runs once per attempt, before it is sent) and numbers
// them in the X-Test-Attempt header. Unlike the server's count it is exact
// even when an attempt times out before reaching the server. Install Edit
// with the client's WithRequestEditor.
type Attempts struct {
	mu  sync.Mutex
	log []string
}

// Edit records the attempt and numbers it.
func (a *Attempts) Edit(_ context.Context, req *http.Request) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.log = append(a.log, req.Method+" "+req.URL.EscapedPath())
	req.Header.Set("X-Test-Attempt", strconv.Itoa(len(a.log)))
	return nil
}

// Got returns "METHOD path" of every attempt.
func (a *Attempts) Got() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.log...)
}

// ByAttempt answers the client's attempt n (from 1, see Attempts) with
// steps[n-1], the last repeating, whatever reached the server before.
func ByAttempt(steps ...Step) Step {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(r.Header.Get("X-Test-Attempt"))
		if err != nil || n < 1 {
			Reply(400, `{"detail":"no X-Test-Attempt"}`)(w, r)
			return
		}
		steps[min(n, len(steps))-1](w, r)
	}
}
