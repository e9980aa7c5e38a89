package ktrdr

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// noLeaks fails the test when a goroutine started during it outlives it;
// the check runs after every other cleanup (servers and clients closed).
func noLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// kindOf names the package sentinel an error matches.
func kindOf(err error) string {
	switch {
	case err == nil:
		return ""
	case errors.Is(err, ErrAPI):
		return "api"
	case errors.Is(err, ErrConnection):
		return "connection"
	case errors.Is(err, ErrTimeout):
		return "timeout"
	case errors.Is(err, ErrOperationFailed):
		return "operation failed"
	}
	return fmt.Sprintf("unknown (%T)", err)
}

// completedBody is the status of op-1 once completed: a valid answer both
// to GetOperation and to the operation runner.
var completedBody = statusBody("op-1", "completed", 100, "Done", nil)

// fault is one scenario of the fault-injection suite.
type fault struct {
	name    string
	steps   []testkit.Step // nil: nobody listens
	options []Option
	// slow: attempts time out, so some may not reach the server in time;
	// attempts are then counted on the client's side only.
	slow bool
	// What the client must do, for the sync and async flavours and (unless
	// runner overrides it) the operation runner following op-1.
	attempts int
	sleeps   []time.Duration
	kind     string // "" for success, else the sentinel matched
	message  string // a substring of the error message
	runner   *runnerFault
}

// runnerFault is what the operation runner does when it differs from a
// plain call.
type runnerFault struct {
	attempts int
	sleeps   []time.Duration
	status   string // OperationError.Status
	kind     string // the sentinel the cause matches, "" for none
}

func faults() []fault {
	ahead := testkit.Epoch.Add(30 * time.Second).Format(http.TimeFormat)
	truncated := `{"success":true,"data":{"operation_id":"op-1","sta`
	pollsOf := func(n int) []time.Duration {
		var out []time.Duration
		for i := range n {
			d := 300 * time.Millisecond
			for range i {
				d = time.Duration(float64(d) * 1.2)
			}
			out = append(out, d.Round(time.Nanosecond))
		}
		return out
	}
	return []fault{
		{
			name:     "503, 503, 200",
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"busy"}`), testkit.Reply(503, `{"detail":"busy"}`), testkit.Reply(200, completedBody)},
			attempts: 3, sleeps: catalogBackoff[:2],
		},
		{
			name:     "500 four times",
			steps:    []testkit.Step{testkit.Reply(500, `{"detail":"boom"}`)},
			attempts: 4, sleeps: catalogBackoff, kind: "api", message: "boom",
		},
		{
			name:     "404 is final",
			steps:    []testkit.Step{testkit.Reply(404, `{"detail":"Operation not found"}`)},
			attempts: 1, kind: "api", message: "Operation not found",
		},
		{
			name:     "Retry-After seconds",
			steps:    []testkit.Step{testkit.Reply(503, `{}`, "Retry-After", "2"), testkit.Reply(200, completedBody)},
			attempts: 2, sleeps: []time.Duration{2 * time.Second},
		},
		{
			name:     "Retry-After-Ms",
			steps:    []testkit.Step{testkit.Reply(429, `{"retryable":true}`, "Retry-After-Ms", "150"), testkit.Reply(200, completedBody)},
			attempts: 2, sleeps: []time.Duration{150 * time.Millisecond},
		},
		{
			name:     "Retry-After date on the injected clock",
			steps:    []testkit.Step{testkit.Reply(502, `{}`, "Retry-After", ahead), testkit.Reply(200, completedBody)},
			attempts: 2, sleeps: []time.Duration{30 * time.Second},
		},
		{
			name:     "Retry-After beyond the cap",
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"down for maintenance"}`, "Retry-After", "120")},
			attempts: 1, kind: "api", message: "down for maintenance",
		},
		{
			name:     "dropped before answering",
			steps:    []testkit.Step{testkit.Drop()},
			attempts: 4, sleeps: catalogBackoff, kind: "connection", message: "the server closed the connection before sending a response",
		},
		{
			name:     "dropped once",
			steps:    []testkit.Step{testkit.Drop(), testkit.Reply(200, completedBody)},
			attempts: 2, sleeps: catalogBackoff[:1],
		},
		{
			name:     "reset before answering",
			steps:    []testkit.Step{testkit.ResetConn()},
			attempts: 4, sleeps: catalogBackoff, kind: "connection", message: "the server reset the connection before sending a response",
		},
		{
			name:     "reset mid-body",
			steps:    []testkit.Step{testkit.RawResponse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"+truncated, true)},
			attempts: 4, sleeps: catalogBackoff, kind: "connection",
		},
		{
			name:     "body cut short",
			steps:    []testkit.Step{testkit.RawResponse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"+truncated, false), testkit.Reply(200, completedBody)},
			attempts: 2, sleeps: catalogBackoff[:1],
		},
		{
			name:     "truncated JSON",
			steps:    []testkit.Step{testkit.Reply(200, truncated)},
			attempts: 1, kind: "api", message: "Invalid JSON response from API",
			// To the runner an undecodable status is an unexpected one.
			runner: &runnerFault{attempts: 10, sleeps: pollsOf(9), status: "failed", kind: "operation failed"},
		},
		{
			name:     "body larger than the limit",
			steps:    []testkit.Step{testkit.RawResponse("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 134217729\r\n\r\n{", false)},
			attempts: 1, kind: "api", message: "response body exceeds 134217728 bytes",
		},
		{
			name:  "slow headers",
			steps: []testkit.Step{testkit.Hang()}, options: []Option{WithTimeout(shortTimeout), WithMaxRetries(1)}, slow: true,
			attempts: 2, sleeps: catalogBackoff[:1], kind: "timeout", message: "request timed out after 0.1 seconds",
		},
		{
			name:  "slow body",
			steps: []testkit.Step{testkit.SlowBody(`{"success":true,"data":`)}, options: []Option{WithTimeout(shortTimeout), WithMaxRetries(1)}, slow: true,
			attempts: 2, sleeps: catalogBackoff[:1], kind: "timeout", message: "request timed out after 0.1 seconds",
		},
		{
			name:  "slow headers once",
			steps: []testkit.Step{testkit.ByAttempt(testkit.Hang(), testkit.Reply(200, completedBody))}, options: []Option{WithTimeout(shortTimeout)}, slow: true,
			attempts: 2, sleeps: catalogBackoff[:1],
		},
		{
			name:     "redirect",
			steps:    []testkit.Step{testkit.Redirect(http.StatusTemporaryRedirect, "/api/v1/operations/op-1?moved=1"), testkit.Reply(200, completedBody)},
			attempts: 2,
		},
		{
			name:     "redirect loop",
			steps:    []testkit.Step{testkit.Redirect(http.StatusFound, "/api/v1/operations/op-1?loop=1")},
			attempts: 10, kind: "api", message: "stopped after 10 redirects",
		},
		{
			name:     "refused",
			attempts: 4, sleeps: catalogBackoff, kind: "connection", message: "is the server running?",
		},
	}
}

// runFault runs f with one flavour and checks attempts, sleeps, elapsed
// time on the injected clock, the error's type, and the connections.
func runFault(t *testing.T, f fault, flavour string) {
	noLeaks(t)
	var srv *testkit.Server
	base := closedURL(t)
	if f.steps != nil {
		srv = testkit.NewStepServer(t, f.steps...)
		base = apiBase(srv)
	}
	clk := testkit.NewClock()
	var attempts testkit.Attempts
	c := newTestClient(t, base, clk, append([]Option{WithRequestEditor(attempts.Edit)}, f.options...)...)
	ctx := context.Background()
	var err error
	switch flavour {
	case "sync":
		var res *OperationStatusResponse
		res, err = c.GetOperation(ctx, "op-1")
		if err == nil {
			assert.Equal(t, "op-1", res.Data.OperationID)
		}
	case "async":
		var res *OperationStatusResponse
		res, err = c.Async().GetOperation(ctx, "op-1").Wait(ctx)
		if err == nil {
			assert.Equal(t, "op-1", res.Data.OperationID)
		}
	case "runner":
		op := c.Async().ResumeOperation(ctx, "op-1")
		var res *OperationStatusResponse
		res, err = op.Wait(ctx)
		if err == nil {
			assert.Equal(t, OperationStatusCompleted, res.Data.Status)
		}
		<-op.Done()
	}

	want, sleeps, kind := f.attempts, f.sleeps, f.kind
	if flavour == "runner" && f.runner != nil {
		want, sleeps, kind = f.runner.attempts, f.runner.sleeps, f.runner.kind
	}
	switch {
	case srv == nil:
		assert.Len(t, attempts.Got(), want, "attempts")
	case f.slow:
		assert.Len(t, attempts.Got(), want, "attempts")
		assert.LessOrEqual(t, srv.Count(), want, "requests: %v", srv.Paths())
	case strings.Contains(f.name, "redirect"):
		assert.Equal(t, want, srv.Count(), "requests: %v", srv.Paths())
		assert.Len(t, attempts.Got(), 1, "redirects are followed within one attempt")
	default:
		assert.Equal(t, want, srv.Count(), "requests: %v", srv.Paths())
		assert.Len(t, attempts.Got(), want, "one request per attempt")
	}
	assert.Equal(t, sleeps, clk.Sleeps(), "sleeps")
	var total time.Duration
	for _, d := range sleeps {
		total += d
	}
	assert.Equal(t, total, clk.Elapsed(), "elapsed time on the injected clock")

	wantErr := f.kind != "" || (flavour == "runner" && f.runner != nil && f.runner.status != "")
	if !wantErr {
		require.NoError(t, err)
	} else {
		requirePackageError(t, err)
		assert.Equal(t, kind, kindOf(err), "%v", err)
		if flavour == "runner" {
			var opErr *OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "op-1", opErr.OperationID)
			want := "error"
			if f.runner != nil {
				want = f.runner.status
			}
			assert.Equal(t, want, opErr.Status)
		} else if f.message != "" {
			assert.Contains(t, err.Error(), f.message)
		}
		var urlErr *url.Error
		var opErr *net.OpError
		assert.False(t, errors.As(err, &urlErr) && err == error(urlErr), "not a raw url.Error")
		assert.False(t, errors.As(err, &opErr) && err == error(opErr), "not a raw net.OpError")
	}

	if srv != nil {
		require.NoError(t, c.Close())
		srv.WaitClosed(t)
	}
}

func TestFaultInjection(t *testing.T) {
	for _, f := range faults() {
		t.Run(f.name, func(t *testing.T) {
			for _, flavour := range []string{"sync", "async", "runner"} {
				t.Run(flavour, func(t *testing.T) { runFault(t, f, flavour) })
			}
		})
	}
}

// A Retry-After beyond the catalog's 60 s cap is not waited for, and the
// error says why.
func TestRetryAfterBeyondTheCapIsExplained(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(503, `{"detail":"down"}`, "Retry-After", "120"))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.ListStrategies(context.Background())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 120*time.Second, apiErr.RetryAfter)
	assert.True(t, apiErr.RetryAfterRefused)
	assert.Contains(t, apiErr.Verbose(), "\nnot retried: the server asked to retry after 120 seconds, longer than the 60 seconds allowed")
	assert.Equal(t, 1, srv.Count())
	assert.Empty(t, clk.Sleeps())
}

// countingTransport counts the TCP connections a client dials.
type countingTransport struct {
	mu    sync.Mutex
	dials int
}

func (ct *countingTransport) client() *http.Client {
	d := &net.Dialer{}
	return &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		ct.mu.Lock()
		ct.dials++
		ct.mu.Unlock()
		return d.DialContext(ctx, network, addr)
	}}}
}

func (ct *countingTransport) count() int {
	ct.mu.Lock()
	defer ct.mu.Unlock()
	return ct.dials
}

// Starting an operation is not idempotent: it is not retried once the
// request may have reached the server, and is retried when it cannot have.
func TestStartIsRetriedOnlyWhenNothingWasSent(t *testing.T) {
	noLeaks(t)
	starts := map[string]func(ctx context.Context, c *Client) error{
		"StartTraining": func(ctx context.Context, c *Client) error {
			_, err := c.StartTraining(ctx, &TrainingRequest{StrategyName: "s"})
			return err
		},
		"async StartBacktest": func(ctx context.Context, c *Client) error {
			_, err := c.Async().StartBacktest(ctx, &BacktestStartRequest{StrategyName: "s"}).Wait(ctx)
			return err
		},
		"StartDummyAndWait": func(ctx context.Context, c *Client) error {
			_, err := c.StartDummyAndWait(ctx)
			return err
		},
		"async DownloadDataOperation": func(ctx context.Context, c *Client) error {
			_, err := c.Async().DownloadDataOperation(ctx, &DataLoadRequest{Symbol: "AAPL", Timeframe: "1h"}).Wait(ctx)
			return err
		},
		"ResumeFromCheckpoint": func(ctx context.Context, c *Client) error {
			_, err := c.ResumeFromCheckpoint(ctx, "op-1")
			return err
		},
		"TriggerAgent": func(ctx context.Context, c *Client) error {
			_, err := c.TriggerAgent(ctx, nil)
			return err
		},
	}
	for name, start := range starts {
		t.Run(name, func(t *testing.T) {
			for _, tt := range []struct {
				step testkit.Step
				kind string
			}{
				{testkit.Reply(500, `{"detail":"boom"}`), "api"},
				{testkit.Reply(503, `{"detail":"busy"}`, "Retry-After", "1"), "api"},
				{testkit.Drop(), "connection"},
				{testkit.ResetConn(), "connection"},
				{testkit.Hang(), "timeout"},
			} {
				srv := testkit.NewStepServer(t, tt.step, testkit.Reply(200, `{"success":true,"task_id":"x","operation_id":"x","data":{"operation_id":"x"}}`))
				clk := testkit.NewClock()
				var attempts testkit.Attempts
				opts := []Option{WithRequestEditor(attempts.Edit)}
				if tt.kind == "timeout" {
					opts = append(opts, WithTimeout(shortTimeout))
				}
				c := newTestClient(t, apiBase(srv), clk, opts...)
				err := start(context.Background(), c)
				requirePackageError(t, err)
				assert.Equal(t, tt.kind, kindOf(err))
				assert.Len(t, attempts.Got(), 1, "%s: one attempt", tt.kind)
				assert.LessOrEqual(t, srv.Count(), 1, "%s: one request at most", tt.kind)
				if tt.kind != "timeout" {
					assert.Equal(t, 1, srv.Count(), "%s: the request reached the server", tt.kind)
				}
				assert.Empty(t, clk.Sleeps())
			}

			ct := &countingTransport{}
			clk := testkit.NewClock()
			c := newTestClient(t, closedURL(t), clk, WithHTTPClient(ct.client()))
			err := start(context.Background(), c)
			requirePackageError(t, err)
			assert.Equal(t, "connection", kindOf(err))
			assert.Equal(t, 4, ct.count(), "a refused start never reached the server: retried")
			assert.Equal(t, catalogBackoff, clk.Sleeps())
		})
	}
}

// A retried status poll does not restart the operation; a poll fault in
// the middle of a run goes through the retry policy and the run goes on.
func TestRunnerSurvivesPollFaults(t *testing.T) {
	noLeaks(t)
	var mu sync.Mutex
	polls := 0
	// Every answer closes its connection, so that each drop or reset
	// happens on a fresh connection (see TestKeptAliveConnectionDropIsOneAttempt).
	pollSteps := []testkit.Step{
		testkit.Reply(200, statusBody("train-1", "running", 10, "Epoch 1", nil), "Connection", "close"),
		testkit.Drop(),
		testkit.Reply(503, `{"detail":"busy"}`, "Connection", "close"),
		testkit.Reply(200, statusBody("train-1", "running", 50, "Epoch 2", nil), "Connection", "close"),
		testkit.ResetConn(),
		testkit.Reply(200, statusBody("train-1", "completed", 100, "", nil)),
	}
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			testkit.Reply(200, `{"success":true,"task_id":"train-1"}`, "Connection", "close")(w, r)
			return
		}
		mu.Lock()
		k := polls
		polls++
		mu.Unlock()
		pollSteps[min(k, len(pollSteps)-1)](w, r)
	})
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	var progress progressLog
	res, err := c.StartTrainingAndWait(context.Background(), &TrainingRequest{StrategyName: "s"}, WithProgress(progress.report))
	require.NoError(t, err)
	assert.Equal(t, OperationStatusCompleted, res.Data.Status)
	assert.Equal(t, []string{"10% Status: running - Epoch 1", "50% Status: running - Epoch 2"}, progress.got())
	assert.Equal(t, 1, countMethod(srv, http.MethodPost), "the start is sent once")
	assert.Equal(t, []time.Duration{
		300 * time.Millisecond, // poll wait after Epoch 1
		catalogBackoff[0],      // retry after the drop
		catalogBackoff[1],      // retry after the 503
		360 * time.Millisecond, // poll wait after Epoch 2
		catalogBackoff[0],      // retry after the reset
	}, clk.Sleeps())
}

// A status poll that keeps failing ends the run with the id, so it can be
// resumed; a start dropped mid-way is a plain connection error.
func TestRunnerFailuresKeepTheID(t *testing.T) {
	noLeaks(t)
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"operation_id":"bt-1"}`, "Connection", "close"), testkit.Drop())
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.StartBacktestAndWait(context.Background(), &BacktestStartRequest{StrategyName: "s"})
	requirePackageError(t, err)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "bt-1", opErr.OperationID)
	assert.Equal(t, "error", opErr.Status)
	assert.ErrorIs(t, err, ErrConnection)
	assert.Equal(t, 1+4, srv.Count(), "the start, then four polls")
	assert.Zero(t, countMethod(srv, http.MethodDelete), "a run that lost track sends no cancel")
}

// net/http's Transport resends an idempotent request (GET, HEAD, OPTIONS,
// or one carrying an Idempotency-Key) once, on a new connection, when a
// reused keep-alive connection closes before any byte of the response
// arrives. The resend happens below the runtime and cannot be switched off:
// it is not an attempt, waits no backoff and spends no budget. So a GET
// reaches the server at most twice per attempt in that case, while a
// request that is not safe to repeat (a POST start) is never resent. The
// documented bound, docs/catalog.md "Retries", is what this test pins down.
func TestKeptAliveConnectionDropResendsOnlyIdempotentRequests(t *testing.T) {
	noLeaks(t)
	srv := testkit.NewStepServer(t, testkit.Reply(200, completedBody), testkit.Drop())
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.GetOperation(context.Background(), "op-1")
	require.NoError(t, err)
	_, err = c.GetOperation(context.Background(), "op-1", WithCallMaxRetries(0))
	requirePackageError(t, err)
	assert.Equal(t, "connection", kindOf(err))
	assert.Equal(t, 2, srv.Count()-1, "one attempt: the request and the transport's resend")
	assert.Empty(t, clk.Sleeps(), "the resend waits no backoff")

	// After a drop the next connection is new, so nothing is resent
	// behind the runtime's back: four attempts are four requests.
	before := srv.Count()
	_, err = c.GetOperation(context.Background(), "op-1")
	requirePackageError(t, err)
	assert.Equal(t, 4, srv.Count()-before, "max_retries 3: four requests on the wire")
	assert.Equal(t, catalogBackoff, clk.Sleeps())
}

// A start request dropped on a kept-alive connection is sent once: neither
// the transport nor the runtime repeats a request that is not safe to
// repeat.
func TestKeptAliveConnectionDropNeverResendsAStart(t *testing.T) {
	noLeaks(t)
	srv := testkit.NewStepServer(t, testkit.Reply(200, completedBody), testkit.Drop())
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.GetOperation(context.Background(), "op-1")
	require.NoError(t, err)
	_, err = c.StartTraining(context.Background(), &TrainingRequest{StrategyName: "s"})
	requirePackageError(t, err)
	assert.Equal(t, "connection", kindOf(err))
	assert.Equal(t, 1, countMethod(srv, http.MethodPost), "the start reached the server once")
	assert.Empty(t, clk.Sleeps())
}

// The caller cancelling an async call in flight ends it at once: no retry,
// no goroutine left.
func TestCallerCancelEndsACallInFlight(t *testing.T) {
	noLeaks(t)
	started := make(chan struct{})
	var once sync.Once
	srv := testkit.NewStepServer(t, func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { close(started) })
		testkit.BlockUntilDone(r)
	})
	clk := testkit.NewClock()
	a := newTestAsyncClient(t, apiBase(srv), clk)
	ctx, cancel := context.WithCancel(context.Background())
	call := a.GetOperation(ctx, "op-1")
	<-started
	cancel()
	<-call.Done()
	_, err := call.Wait(context.Background())
	requirePackageError(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, srv.Count())
	assert.Empty(t, clk.Sleeps())
}

// One TCP connection serves 100 calls of both flavours and of the
// operation runner, with every kind of error answer in between.
func TestOneConnectionForManyRequestsWithErrors(t *testing.T) {
	noLeaks(t)
	bigDetail := `{"detail":"` + strings.Repeat("n", 100<<10) + `"}`
	var mu sync.Mutex
	brokenHits := 0
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/models":
			testkit.Reply(200, `{"success":true,"models":[]}`)(w, r)
		case "/api/v1/checkpoints/missing":
			testkit.Reply(404, bigDetail)(w, r)
		case "/api/v1/checkpoints/broken":
			mu.Lock()
			brokenHits++
			ok := brokenHits%2 == 0
			mu.Unlock()
			if ok {
				testkit.Reply(200, `{"success":true,"data":{"operation_id":"broken","checkpoint_type":"periodic","created_at":"2026-01-02T03:04:05Z"}}`)(w, r)
				return
			}
			testkit.Reply(500, `{"detail":"flaky"}`)(w, r)
		case "/api/v1/checkpoints/gone":
			testkit.Reply(204, "")(w, r)
		case "/api/v1/symbols":
			testkit.Reply(200, `<html>oops</html>`, "Content-Type", "text/html")(w, r)
		case "/api/v1/indicators":
			testkit.Redirect(http.StatusTemporaryRedirect, "/api/v1/indicators/")(w, r)
		case "/api/v1/indicators/":
			testkit.Reply(200, `{"success":true,"data":[]}`)(w, r)
		case "/api/v1/operations/op-1":
			testkit.Reply(200, completedBody)(w, r)
		case "/api/v1/data/range":
			testkit.Reply(422, `{"detail":[{"loc":["body","symbol"],"msg":"Field required"}]}`)(w, r)
		default:
			testkit.Reply(404, `{"detail":"Not Found"}`)(w, r)
		}
	})
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	a := c.Async()
	ctx := context.Background()
	calls := []func() error{
		func() error { _, err := c.ListModels(ctx); return err },
		func() error { _, err := a.GetCheckpoint(ctx, "missing").Wait(ctx); return err },
		func() error { _, err := c.GetCheckpoint(ctx, "broken"); return err },
		func() error { _, err := a.DeleteCheckpoint(ctx, "gone").Wait(ctx); return err },
		func() error { _, err := c.ListSymbols(ctx); return err },
		func() error { _, err := a.Do(ctx, "GET", "/indicators", nil, nil).Wait(ctx); return err },
		func() error { _, err := c.WaitForOperation(ctx, "op-1"); return err },
		func() error { _, err := a.GetDataRange(ctx, &DataRangeRequest{}).Wait(ctx); return err },
	}
	wantErr := []bool{false, true, false, true, true, false, false, true}
	for i := range 100 {
		err := calls[i%len(calls)]()
		if wantErr[i%len(calls)] {
			requirePackageError(t, err)
		} else {
			require.NoError(t, err, "call %d", i)
		}
	}
	// A body closed unread makes the transport close its connection; none
	// was. net/http may dial a second connection when a request starts
	// before the previous connection is back in its idle pool (it happens
	// on a loaded machine), so one spare connection is tolerated; a leak
	// would open one per error answer.
	opened, closed := srv.Conns()
	assert.Zero(t, closed, "no connection was dropped by the client")
	assert.LessOrEqual(t, opened, 2, "one TCP connection (plus a dial race) for %d requests", srv.Count())
	if opened > 1 {
		t.Logf("the transport dialled %d connections for %d requests", opened, srv.Count())
	}
	require.NoError(t, c.Close())
	srv.WaitClosed(t)
}

// A dead server does not get a retry storm: the catalog's budget (500
// tokens, 5 per retry) allows 100 retries per client, shared by both
// flavours, after which calls fail fast.
func TestRetryBudgetStopsARetryStorm(t *testing.T) {
	noLeaks(t)
	srv := testkit.NewStepServer(t, testkit.Reply(503, `{"detail":"down"}`))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	a := c.Async()
	var last error
	for i := range 50 {
		if i%2 == 0 {
			_, last = c.ListModels(context.Background())
		} else {
			_, last = a.ListModels(context.Background()).Wait(context.Background())
		}
		requirePackageError(t, last)
	}
	assert.ErrorIs(t, last, ErrRetryBudgetExhausted)
	assert.ErrorIs(t, last, ErrAPI)
	assert.Equal(t, 33*4+2+16, srv.Count(), "33 calls with 3 retries, one with 1, then no retries")
	assert.Len(t, clk.Sleeps(), 100)
}

// Secrets given as headers or in the base URL never show in errors,
// their details or their verbose form, whatever the failure; a redirect to
// another host does not carry them.
func TestSecretsNeverLeak(t *testing.T) {
	noLeaks(t)
	secrets := []string{"sk-live-SECRET1", "key-SECRET2", "pw-SECRET3", "SECRET4"}
	other := testkit.NewStepServer(t, testkit.Reply(500, `{"detail":"elsewhere"}`))
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/models":
			testkit.Reply(500, `{"success":false,"error":{"code":"X","message":"boom","details":{"n":1}}}`)(w, r)
		case "/api/v1/symbols":
			testkit.Reply(200, `not json`)(w, r)
		case "/api/v1/strategies/":
			testkit.Hang()(w, r)
		case "/api/v1/checkpoints":
			testkit.Drop()(w, r)
		case "/api/v1/indicators/":
			testkit.Redirect(http.StatusFound, r.URL.Path)(w, r)
		case "/api/v1/workers":
			testkit.Redirect(http.StatusTemporaryRedirect, other.URL+"/elsewhere")(w, r)
		case "/api/v1/agent/status":
			testkit.RawResponse("HTTP/1.1 200 OK\r\nContent-Length: 134217729\r\n\r\n", false)(w, r)
		default:
			testkit.Reply(200, `{"success":true,"data":{"operation_id":"op-1"}}`)(w, r)
		}
	})
	u, err := url.Parse(apiBase(srv))
	require.NoError(t, err)
	u.User = url.UserPassword("ktrdr", "pw-SECRET3")
	opts := []Option{
		WithHeader("Authorization", "Bearer sk-live-SECRET1"),
		WithHeader("X-API-Key", "key-SECRET2"),
		WithMaxRetries(1),
	}
	c := newTestClient(t, u.String(), testkit.NewClock(), opts...)
	dead := strings.Replace(closedURL(t), "http://", "http://ktrdr:pw-SECRET3@", 1)
	d := newTestClient(t, dead, testkit.NewClock(), opts...)
	ctx := context.Background()
	cookie := WithCallHeader("Cookie", "session=SECRET4")

	var errs []error
	collect := func(_ any, err error) { errs = append(errs, err) }
	collect(c.ListModels(ctx, cookie))
	collect(c.ListSymbols(ctx, cookie))
	collect(c.ListStrategies(ctx, cookie, WithCallTimeout(shortTimeout)))
	collect(c.ListCheckpoints(ctx, nil, cookie))
	collect(c.ListIndicators(ctx, cookie))
	collect(c.ListWorkers(ctx, nil, cookie))
	collect(c.GetAgentStatus(ctx, cookie))
	collect(d.ListModels(ctx, cookie))
	collect(c.Async().ListModels(ctx, cookie).Wait(ctx))
	collect(c.StartDummyAndWait(ctx, WithStartOptions(cookie), WithOperationDeadline(time.Nanosecond)))
	collect(c.WaitForOperation(ctx, "op-1"))
	_, err = NewClient(withLookupEnv(testkit.NoEnv), WithBaseURL("ftp://ktrdr:pw-SECRET3@host"))
	errs = append(errs, err)
	_, err = c.ListModels(ctx, WithCallHeader("X-API-Key", "key-SECRET2\r\nX-Injected: 1"))
	errs = append(errs, err)

	kinds := map[string]bool{}
	for i, err := range errs {
		require.Error(t, err, "call %d", i)
		kinds[kindOf(err)] = true
		text := fmt.Sprintf("%v|%+v|%#v", err, err, err)
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			text += apiErr.Verbose() + apiErr.URL + fmt.Sprintf("%#v", apiErr.Details)
		}
		var ce *ClientError
		if errors.As(err, &ce) {
			text += fmt.Sprintf("%#v", ce.Details)
		}
		for _, s := range secrets {
			assert.NotContains(t, text, s, "call %d: %v", i, err)
		}
	}
	assert.True(t, kinds["api"] && kinds["timeout"] && kinds["connection"], "every kind of error was checked: %v", kinds)

	var leaked []string
	for _, r := range other.Requests() {
		for _, h := range []string{"Authorization", "X-Api-Key", "Cookie"} {
			if v := r.Header.Get(h); v != "" {
				leaked = append(leaked, h+": "+v)
			}
		}
	}
	require.NotEmpty(t, other.Requests(), "the redirect reached the other host")
	assert.Empty(t, leaked, "secrets sent to another host")
	first := srv.Requests()[0].Header
	assert.Equal(t, "Bearer sk-live-SECRET1", first.Get("Authorization"), "sent to the API itself")
	assert.Equal(t, "key-SECRET2", first.Get("X-Api-Key"))
}

// An idempotency key makes a start safe to retry: every attempt carries
// the same key (the catalog names no header, so Idempotency-Key is used).
func TestIdempotencyKeyMakesAStartRetryable(t *testing.T) {
	noLeaks(t)
	srv := newKTRDRServer(t,
		testkit.Reply(500, `{"detail":"boom"}`),
		status("train-1", "completed", 100, ""))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.StartTraining(context.Background(), &TrainingRequest{StrategyName: "s"}, WithIdempotencyKey("key-1"))
	requirePackageError(t, err)
	_, err = c.StartTrainingAndWait(context.Background(), &TrainingRequest{StrategyName: "s"}, WithStartOptions(WithIdempotencyKey("key-2")))
	requirePackageError(t, err)
	var keys []string
	for _, r := range srv.Requests() {
		keys = append(keys, r.Header.Get("Idempotency-Key"))
	}
	assert.Equal(t, []string{"key-1", "key-1", "key-1", "key-1", "key-2", "key-2", "key-2", "key-2"}, keys)
	assert.Equal(t, append(append([]time.Duration{}, catalogBackoff...), catalogBackoff...), clk.Sleeps())

	srv.Reset()
	_, err = c.StartTraining(context.Background(), &TrainingRequest{StrategyName: "s"})
	requirePackageError(t, err)
	require.Len(t, srv.Requests(), 1, "without a key, not retried")
	assert.Empty(t, srv.Requests()[0].Header.Get("Idempotency-Key"), "the catalog sends no key of its own")
}

// A server that echoes the request (its token, its key) into an error page
// or an error message gets it masked, in both flavours; the page itself is
// only summarised, and the URL shows the secret parameter masked.
func TestEchoedSecretsAreMasked(t *testing.T) {
	const token, key = "tok-ECHOED-1", "key-ECHOED-2"
	echo := func(w http.ResponseWriter, r *http.Request) string {
		return r.URL.RawQuery + " " + r.Header.Get("X-API-Key") + " " + r.URL.Query().Get("access_token")
	}
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n%2 == 0 {
			testkit.Reply(401, "<html><head><title>Denied "+echo(w, r)+"</title></head><body>"+echo(w, r)+"</body></html>", "Content-Type", "text/html")(w, r)
			return
		}
		testkit.Reply(403, `{"detail":"token `+echo(w, r)+` is not allowed"}`)(w, r)
	})
	c := newTestClient(t, apiBase(srv), testkit.NewClock(), WithHeader("X-API-Key", key))
	ctx := context.Background()
	q := url.Values{"access_token": {token}, "symbol": {"AAPL"}}
	var errs []error
	for range 2 {
		_, err := c.Do(ctx, "GET", "/data/info", q, nil)
		errs = append(errs, err)
		_, err = c.Async().Do(ctx, "GET", "/data/info", q, nil).Wait(ctx)
		errs = append(errs, err)
	}
	for i, err := range errs {
		requirePackageError(t, err)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		text := fmt.Sprintf("%v|%s|%s|%#v", err, apiErr.Verbose(), apiErr.URL, apiErr.Details)
		for _, s := range []string{token, key} {
			assert.NotContains(t, text, s, "error %d", i)
		}
		assert.NotContains(t, text, "<body>", "error %d: never the raw page", i)
		assert.Contains(t, apiErr.URL, "access_token=REDACTED")
		assert.Contains(t, apiErr.URL, "symbol=AAPL")
	}
	assert.Contains(t, errs[0].Error(), `GET /data/info: 401 Unauthorized: HTML page "Denied access_token=[REDACTED]&symbol=AAPL [REDACTED] [REDACTED]"`)
	assert.Equal(t, "token access_token=[REDACTED]&symbol=AAPL [REDACTED] [REDACTED] is not allowed", errs[1].Error())
}
