package ktrdr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// statusBody is a KTRDR status response (GET /operations/{id}). A negative
// pct leaves the progress out; extra fields are merged into data.
func statusBody(id, status string, pct float64, step string, extra map[string]any) string {
	data := map[string]any{
		"operation_id":   id,
		"operation_type": "training",
		"status":         status,
		"created_at":     "2026-01-02T03:04:05Z",
	}
	if pct >= 0 {
		p := map[string]any{"percentage": pct}
		if step != "" {
			p["current_step"] = step
		}
		data["progress"] = p
	}
	for k, v := range extra {
		data[k] = v
	}
	b, err := json.Marshal(map[string]any{"success": true, "data": data})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// status answers a poll with statusBody.
func status(id, st string, pct float64, step string) testkit.Step {
	return testkit.Reply(200, statusBody(id, st, pct, step, nil))
}

// newKTRDRServer scripts the operation protocol: every POST is answered by
// start, the k-th GET by statuses[k] (the last repeating), and a DELETE
// by the server's cancel response.
func newKTRDRServer(t *testing.T, start testkit.Step, statuses ...testkit.Step) *testkit.Server {
	t.Helper()
	var mu sync.Mutex
	polls := 0
	return testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			start(w, r)
		case http.MethodGet:
			mu.Lock()
			k := polls
			polls++
			mu.Unlock()
			statuses[min(k, len(statuses)-1)](w, r)
		case http.MethodDelete:
			testkit.Reply(200, `{"success":true,"data":{"status":"cancelled","cancellation_reason":"cancelled by client"}}`)(w, r)
		default:
			testkit.Reply(405, `{"detail":"Method Not Allowed"}`)(w, r)
		}
	})
}

// progressLog records progress reports; safe for the polling goroutine.
type progressLog struct {
	mu      sync.Mutex
	entries []string
	onCall  func(n int) // runs after recording the n-th report (from 1)
}

func (p *progressLog) report(pct float64, msg string) {
	p.mu.Lock()
	p.entries = append(p.entries, fmt.Sprintf("%g%% %s", pct, msg))
	n, fn := len(p.entries), p.onCall
	p.mu.Unlock()
	if fn != nil {
		fn(n)
	}
}

func (p *progressLog) got() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.entries...)
}

// catalogPolls are the catalog's first poll waits: 300 ms growing by 1.2.
var catalogPolls = []time.Duration{300 * time.Millisecond, 360 * time.Millisecond, 432 * time.Millisecond, 518400 * time.Microsecond}

func TestStartTrainingAndWait(t *testing.T) {
	srv := newKTRDRServer(t,
		testkit.Reply(200, `{"success":true,"task_id":"train-1","status":"training_started","message":"Training started","symbols":["AAPL"],"timeframes":["1h"],"strategy_name":"mean_reversion"}`),
		status("train-1", "pending", -1, ""),
		status("train-1", "running", 10, "Epoch 1/3"),
		status("train-1", "running", 55.5, "Epoch 2/3"),
		testkit.Reply(200, statusBody("train-1", "completed", 100, "Done", map[string]any{"result_summary": map[string]any{"accuracy": 0.91}})),
	)
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	var progress progressLog
	res, err := c.StartTrainingAndWait(context.Background(),
		&TrainingRequest{StrategyName: "mean_reversion", Symbols: []string{"AAPL"}},
		WithProgress(progress.report))
	require.NoError(t, err)

	assert.Equal(t, []string{
		"0% Status: pending - Working...",
		"10% Status: running - Epoch 1/3",
		"55.5% Status: running - Epoch 2/3",
	}, progress.got())
	require.NotNil(t, res)
	assert.Equal(t, OperationStatusCompleted, res.Data.Status)
	assert.Equal(t, "train-1", res.Data.OperationID)
	assert.Equal(t, 100.0, *res.Data.Progress.Percentage)
	assert.JSONEq(t, `{"accuracy":0.91}`, string(res.Data.ResultSummary))

	assert.Equal(t, []string{
		"POST /api/v1/trainings/start",
		"GET /api/v1/operations/train-1",
		"GET /api/v1/operations/train-1",
		"GET /api/v1/operations/train-1",
		"GET /api/v1/operations/train-1",
	}, srv.Paths())
	assert.JSONEq(t, `{"strategy_name":"mean_reversion","symbols":["AAPL"]}`, srv.Requests()[0].Body)
	assert.Equal(t, catalogPolls[:3], clk.Sleeps(), "the catalog's poll interval, growing by 1.2")
}

func TestProgressCallbackIsOptional(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"operation_id":"bt-1"}`),
		status("bt-1", "running", 50, "Day 10"),
		status("bt-1", "completed", 100, ""))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	res, err := c.StartBacktestAndWait(context.Background(), &BacktestStartRequest{StrategyName: "s", StartDate: "2024-01-01", EndDate: "2024-06-30"})
	require.NoError(t, err)
	assert.Equal(t, OperationStatusCompleted, res.Data.Status)
}

// adapter starts one operation through one flavour.
type adapter struct {
	name      string
	startPath string
	sync      func(ctx context.Context, c *Client, opts ...OperationOption) (*OperationStatusResponse, error)
	async     func(ctx context.Context, a *AsyncClient, opts ...OperationOption) *Operation[OperationStatusResponse]
}

func adapters() []adapter {
	training := &TrainingRequest{StrategyName: "mean_reversion"}
	backtest := &BacktestStartRequest{StrategyName: "mean_reversion", StartDate: "2024-01-01", EndDate: "2024-06-30"}
	download := &DataLoadRequest{Symbol: "AAPL", Timeframe: "1h", Mode: ptr(DataLoadModeTail)}
	return []adapter{
		{
			name: "training", startPath: "/api/v1/trainings/start",
			sync: func(ctx context.Context, c *Client, opts ...OperationOption) (*OperationStatusResponse, error) {
				return c.StartTrainingAndWait(ctx, training, opts...)
			},
			async: func(ctx context.Context, a *AsyncClient, opts ...OperationOption) *Operation[OperationStatusResponse] {
				return a.StartTrainingOperation(ctx, training, opts...)
			},
		},
		{
			name: "backtest", startPath: "/api/v1/backtests/start",
			sync: func(ctx context.Context, c *Client, opts ...OperationOption) (*OperationStatusResponse, error) {
				return c.StartBacktestAndWait(ctx, backtest, opts...)
			},
			async: func(ctx context.Context, a *AsyncClient, opts ...OperationOption) *Operation[OperationStatusResponse] {
				return a.StartBacktestOperation(ctx, backtest, opts...)
			},
		},
		{
			name: "dummy", startPath: "/api/v1/dummy/start",
			sync: func(ctx context.Context, c *Client, opts ...OperationOption) (*OperationStatusResponse, error) {
				return c.StartDummyAndWait(ctx, opts...)
			},
			async: func(ctx context.Context, a *AsyncClient, opts ...OperationOption) *Operation[OperationStatusResponse] {
				return a.StartDummyOperation(ctx, opts...)
			},
		},
		{
			name: "download", startPath: "/api/v1/data/acquire/download",
			sync: func(ctx context.Context, c *Client, opts ...OperationOption) (*OperationStatusResponse, error) {
				return c.DownloadDataAndWait(ctx, download, opts...)
			},
			async: func(ctx context.Context, a *AsyncClient, opts ...OperationOption) *Operation[OperationStatusResponse] {
				return a.DownloadDataOperation(ctx, download, opts...)
			},
		},
	}
}

func adapterByName(t *testing.T, name string) adapter {
	for _, a := range adapters() {
		if a.name == name {
			return a
		}
	}
	t.Fatalf("no adapter %s", name)
	return adapter{}
}

// Each start endpoint keeps its operation id somewhere else; the catalog
// says where, with fallbacks.
func TestOperationIDLocations(t *testing.T) {
	tests := []struct {
		adapter string
		start   string
		id      string
	}{
		{"training", `{"success":true,"task_id":"train-7","status":"training_started"}`, "train-7"},
		{"training", `{"success":true,"data":{"operation_id":"train-8"}}`, "train-8"},
		{"backtest", `{"success":true,"operation_id":"bt-7","status":"started","message":"ok","symbol":"AAPL","timeframe":"1h"}`, "bt-7"},
		{"backtest", `{"success":true,"data":{"operation_id":"bt-8"}}`, "bt-8"},
		{"dummy", `{"success":true,"data":{"operation_id":"dummy-7","status":"started"}}`, "dummy-7"},
		{"download", `{"success":true,"operation_id":"dl-7","status":"started","message":"Download started"}`, "dl-7"},
	}
	for _, tt := range tests {
		t.Run(tt.adapter+" "+tt.id, func(t *testing.T) {
			a := adapterByName(t, tt.adapter)
			for _, async := range []bool{false, true} {
				srv := newKTRDRServer(t, testkit.Reply(200, tt.start),
					status(tt.id, "running", 20, "step"),
					status(tt.id, "completed", 100, ""))
				clk := testkit.NewClock()
				var res *OperationStatusResponse
				var err error
				if async {
					op := a.async(context.Background(), newTestAsyncClient(t, apiBase(srv), clk))
					res, err = op.Wait(context.Background())
					assert.Equal(t, tt.id, op.ID())
				} else {
					res, err = a.sync(context.Background(), newTestClient(t, apiBase(srv), clk))
				}
				require.NoError(t, err, "async=%v", async)
				assert.Equal(t, tt.id, res.Data.OperationID)
				assert.Equal(t, []string{"POST " + a.startPath, "GET /api/v1/operations/" + tt.id, "GET /api/v1/operations/" + tt.id}, srv.Paths(), "async=%v", async)
			}
		})
	}
}

func TestStartResponseWithoutAnID(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"operation_id":"misplaced"}`), status("x", "completed", 100, ""))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.StartTrainingAndWait(context.Background(), &TrainingRequest{StrategyName: "s"})
	requirePackageError(t, err)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "tried task_id, data.operation_id")
	assert.Equal(t, []string{"POST /api/v1/trainings/start"}, srv.Paths(), "nothing is polled")
}

func TestDownloadDataProgressAndResult(t *testing.T) {
	srv := newKTRDRServer(t,
		testkit.Reply(200, `{"success":true,"operation_id":"dl-1","status":"started","message":"Download started"}`),
		status("dl-1", "pending", 0, ""),
		status("dl-1", "running", 12.5, "Fetching segment 1/8"),
		status("dl-1", "running", 25, "Fetching segment 2/8"),
		status("dl-1", "running", 25, ""),
		testkit.Reply(200, statusBody("dl-1", "completed", 100, "Done", map[string]any{
			"operation_type": "data_load",
			"metadata":       map[string]any{"symbol": "AAPL", "timeframe": "1h", "mode": "tail"},
			"result_summary": map[string]any{"bars": 1500},
		})),
	)
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	var progress progressLog
	res, err := c.DownloadDataAndWait(context.Background(), &DataLoadRequest{Symbol: "AAPL", Timeframe: "1h", Mode: ptr(DataLoadModeTail)},
		WithProgress(progress.report), WithPollInterval(time.Second))
	require.NoError(t, err)
	assert.Equal(t, []string{
		"0% Status: pending - Working...",
		"12.5% Status: running - Fetching segment 1/8",
		"25% Status: running - Fetching segment 2/8",
		"25% Status: running - Working...",
	}, progress.got())
	assert.Equal(t, OperationTypeDataLoad, res.Data.OperationType)
	assert.Equal(t, "tail", *res.Data.Metadata.Mode)
	assert.JSONEq(t, `{"bars":1500}`, string(res.Data.ResultSummary))
	assert.JSONEq(t, `{"symbol":"AAPL","timeframe":"1h","mode":"tail"}`, srv.Requests()[0].Body)
	assert.Equal(t, []time.Duration{time.Second, 1200 * time.Millisecond, 1440 * time.Millisecond, 1728 * time.Millisecond}, clk.Sleeps(),
		"WithPollInterval sets the first wait; it grows by the catalog's 1.2")
}

// Progress outside 0..100, however large, reaches neither WithProgress nor
// the handle's State unchanged: it is clamped to 0..100. Both flavours.
func TestProgressIsClampedToItsRange(t *testing.T) {
	pcts := []string{"-5", "150", "1e400", "42.5", "-1e400", "1e-400", "100.0000001"}
	want := []string{
		"0% Status: running - step -5",
		"100% Status: running - step 150",
		"100% Status: running - step 1e400",
		"42.5% Status: running - step 42.5",
		"0% Status: running - step -1e400",
		"0% Status: running - step 1e-400",
		"100% Status: running - step 100.0000001",
	}
	var statuses []testkit.Step
	for _, p := range pcts {
		statuses = append(statuses, testkit.Reply(200, `{"success":true,"data":{"operation_id":"dummy-1","operation_type":"dummy","status":"running","created_at":"2026-01-02T03:04:05Z","progress":{"percentage":`+p+`,"current_step":"step `+p+`"}}}`))
	}
	statuses = append(statuses, status("dummy-1", "completed", 100, "Done"))
	start := testkit.Reply(200, `{"success":true,"data":{"operation_id":"dummy-1"}}`)

	t.Run("sync", func(t *testing.T) {
		srv := newKTRDRServer(t, start, statuses...)
		var progress progressLog
		_, err := newTestClient(t, apiBase(srv), testkit.NewClock()).StartDummyAndWait(context.Background(), WithProgress(progress.report))
		require.NoError(t, err)
		assert.Equal(t, want, progress.got())
	})
	t.Run("async", func(t *testing.T) {
		srv := newKTRDRServer(t, start, statuses...)
		clk := testkit.NewClock()
		var op *Operation[OperationStatusResponse]
		ready := make(chan struct{})
		var states []float64
		clk.Hook = func(ctx context.Context, n int) error {
			<-ready
			states = append(states, op.State().Percentage) // after each in-progress status
			return ctx.Err()
		}
		var progress progressLog
		op = newTestAsyncClient(t, apiBase(srv), clk).StartDummyOperation(context.Background(), WithProgress(progress.report))
		close(ready)
		_, err := op.Wait(context.Background())
		require.NoError(t, err)
		assert.Equal(t, want, progress.got())
		assert.Equal(t, []float64{0, 100, 100, 42.5, 0, 0, 100}, states)
	})
}

func TestPollIntervalReachesTheCatalogMaximum(t *testing.T) {
	statuses := []testkit.Step{}
	for range 14 {
		statuses = append(statuses, status("dummy-1", "running", 1, "tick"))
	}
	statuses = append(statuses, status("dummy-1", "completed", 100, ""))
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"data":{"operation_id":"dummy-1"}}`), statuses...)
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.StartDummyAndWait(context.Background())
	require.NoError(t, err)
	sleeps := clk.Sleeps()
	require.Len(t, sleeps, 14)
	assert.Equal(t, catalogPolls, sleeps[:4])
	for i := 1; i < len(sleeps); i++ {
		assert.GreaterOrEqual(t, sleeps[i], sleeps[i-1], "never shrinks")
	}
	assert.Equal(t, 2*time.Second, sleeps[len(sleeps)-1], "capped at the catalog's 2s")
	assert.Equal(t, 2*time.Second, sleeps[11], "reached after 11 polls")
	assert.Less(t, sleeps[10], 2*time.Second)
}

func TestFailedOperationCarriesTheServerMessage(t *testing.T) {
	for _, async := range []bool{false, true} {
		srv := newKTRDRServer(t,
			testkit.Reply(200, `{"success":true,"operation_id":"dl-1"}`),
			status("dl-1", "running", 40, "Fetching"),
			testkit.Reply(200, statusBody("dl-1", "failed", 40, "Fetching", map[string]any{"error_message": "IB pacing violation for AAPL 1h"})),
		)
		a := adapterByName(t, "download")
		var err error
		if async {
			op := a.async(context.Background(), newTestAsyncClient(t, apiBase(srv), testkit.NewClock()))
			_, err = op.Wait(context.Background())
			assert.Equal(t, "failed", op.State().Status)
		} else {
			_, err = a.sync(context.Background(), newTestClient(t, apiBase(srv), testkit.NewClock()))
		}
		requirePackageError(t, err)
		var opErr *OperationError
		require.ErrorAs(t, err, &opErr)
		assert.ErrorIs(t, err, ErrOperationFailed)
		assert.False(t, errors.Is(err, ErrOperationCancelled))
		assert.Equal(t, "dl-1", opErr.OperationID)
		assert.Equal(t, "failed", opErr.Status)
		assert.Equal(t, "failed", opErr.ServerStatus)
		assert.Equal(t, "operation dl-1 failed: IB pacing violation for AAPL 1h", opErr.Message)
		assert.Equal(t, "IB pacing violation for AAPL 1h", opErr.Details["error_message"], "the operation's data are the details")
		for _, p := range srv.Paths() {
			assert.NotContains(t, p, "DELETE", "a failed operation is not cancelled")
		}
	}
}

func TestServerSideCancelIsTerminal(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"task_id":"train-1"}`),
		status("train-1", "running", 10, "Epoch 1"),
		status("train-1", "cancelled", 10, "Epoch 1"))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.StartTrainingAndWait(context.Background(), &TrainingRequest{StrategyName: "s"})
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.False(t, errors.Is(err, context.Canceled), "the server cancelled, not the caller")
	assert.Equal(t, "train-1", opErr.OperationID)
	assert.Len(t, srv.Paths(), 3, "no cancel request is sent")
}

// cancelledRun checks the outcome of a run the caller cancelled: exactly one
// DELETE of the operation, with the catalog's body, after which nothing is
// polled.
func cancelledRun(t *testing.T, srv *testkit.Server, err error, id string) {
	t.Helper()
	requirePackageError(t, err)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, id, opErr.OperationID)
	assert.Equal(t, "cancelled", opErr.Status)
	assert.NoError(t, opErr.CancelErr)

	var deletes []testkit.Request
	last := -1
	for i, r := range srv.Requests() {
		if r.Method == http.MethodDelete {
			deletes = append(deletes, r)
			last = i
		}
	}
	require.Len(t, deletes, 1, "exactly one cancel request: %v", srv.Paths())
	assert.Equal(t, "/api/v1/operations/"+id, deletes[0].Path)
	assert.JSONEq(t, `{"reason":"cancelled by client"}`, deletes[0].Body)
	assert.Equal(t, "application/json", deletes[0].Header.Get("Content-Type"))
	assert.Equal(t, len(srv.Requests())-1, last, "nothing after the cancel")
}

func TestCallerCancelSendsOneCancelWithTheStartID(t *testing.T) {
	for _, a := range adapters() {
		t.Run(a.name, func(t *testing.T) {
			id := a.name + "-42"
			start := fmt.Sprintf(`{"success":true,"task_id":%q,"operation_id":%q}`, id, id)
			if a.name == "dummy" {
				start = fmt.Sprintf(`{"success":true,"data":{"operation_id":%q}}`, id)
			}
			srv := newKTRDRServer(t, testkit.Reply(200, start), status(id, "running", 5, "working"), status(id, "running", 10, "working"))
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			progress := progressLog{onCall: func(n int) {
				if n == 2 {
					cancel()
				}
			}}
			_, err := a.sync(ctx, newTestClient(t, apiBase(srv), testkit.NewClock()), WithProgress(progress.report))
			cancelledRun(t, srv, err, id)
			assert.Len(t, progress.got(), 2)
			assert.Equal(t, 3, srv.Count()-1, "start, two polls, then the cancel")
		})
	}
}

func TestAsyncOperationHandle(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"task_id":"train-9"}`),
		status("train-9", "running", 30, "Epoch 3/10"))
	clk := testkit.NewClock()
	polled := make(chan struct{})
	clk.Hook = func(ctx context.Context, n int) error {
		if n == 1 {
			close(polled)
		}
		<-ctx.Done() // the run waits until it is cancelled
		return ctx.Err()
	}
	a := newTestAsyncClient(t, apiBase(srv), clk)
	op := a.StartTrainingOperation(context.Background(), &TrainingRequest{StrategyName: "s"})
	<-polled

	assert.Equal(t, "train-9", op.ID())
	assert.Equal(t, OperationState{ID: "train-9", Status: "running", Percentage: 30, Step: "Epoch 3/10"}, op.State())
	select {
	case <-op.Done():
		t.Fatal("the run ended before Cancel")
	default:
	}
	waitCtx, stop := context.WithCancel(context.Background())
	stop()
	_, err := op.Wait(waitCtx)
	assert.ErrorIs(t, err, context.Canceled, "Wait gives up with its own context; the run goes on")

	op.Cancel()
	res, err := op.Wait(context.Background())
	assert.Nil(t, res)
	cancelledRun(t, srv, err, "train-9")
	<-op.Done()
	_, err2 := op.Wait(context.Background())
	assert.Equal(t, err, err2, "Wait may be called again")
	op.Cancel() // nothing once ended
	assert.Equal(t, 1, countMethod(srv, http.MethodDelete))
}

func countMethod(srv *testkit.Server, method string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

func TestAsyncOperationContextCancelSendsTheCancel(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"operation_id":"bt-3"}`),
		status("bt-3", "running", 30, "Day 3"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clk := testkit.NewClock()
	clk.Hook = func(sctx context.Context, n int) error {
		if n == 2 {
			cancel()
		}
		return sctx.Err()
	}
	op := adapterByName(t, "backtest").async(ctx, newTestAsyncClient(t, apiBase(srv), clk))
	_, err := op.Wait(context.Background())
	cancelledRun(t, srv, err, "bt-3")
}

func TestAsyncOperationCompletes(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"data":{"operation_id":"dummy-1"}}`),
		status("dummy-1", "running", 50, "Half way"),
		status("dummy-1", "completed", 100, "Done"))
	a := newTestAsyncClient(t, apiBase(srv), testkit.NewClock())
	var progress progressLog
	op := a.StartDummyOperation(context.Background(), WithProgress(progress.report))
	res, err := op.Wait(context.Background())
	require.NoError(t, err)
	<-op.Done()
	assert.Equal(t, OperationStatusCompleted, res.Data.Status)
	assert.Equal(t, OperationState{ID: "dummy-1", Status: "completed", Percentage: 100, Step: "Done"}, op.State())
	assert.Equal(t, []string{"50% Status: running - Half way"}, progress.got())
}

func TestWaitForOperationByIDAcceptsResuming(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(500, `{"detail":"no start expected"}`),
		status("train-5", "resuming", 40, "Loading checkpoint"),
		status("train-5", "starting", 40, ""),
		status("train-5", "running", 45, "Epoch 5/10"),
		status("train-5", "completed", 100, "Done"))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	var progress progressLog
	res, err := c.WaitForOperation(context.Background(), "train-5", WithProgress(progress.report))
	require.NoError(t, err)
	assert.Equal(t, OperationStatusCompleted, res.Data.Status)
	assert.Equal(t, []string{
		"40% Status: resuming - Loading checkpoint",
		"40% Status: starting - Working...",
		"45% Status: running - Epoch 5/10",
	}, progress.got())
	assert.Equal(t, []string{
		"GET /api/v1/operations/train-5", "GET /api/v1/operations/train-5",
		"GET /api/v1/operations/train-5", "GET /api/v1/operations/train-5",
	}, srv.Paths(), "no start request")
}

func TestWaitForOperationCancelSendsTheCancel(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(500, `{}`), status("op/1", "running", 1, "x"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := progressLog{onCall: func(int) { cancel() }}
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.WaitForOperation(ctx, "op/1", WithProgress(progress.report))
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "op/1", opErr.OperationID)
	assert.Equal(t, []string{"GET /api/v1/operations/op%2F1", "DELETE /api/v1/operations/op%2F1"}, srv.Paths(), "the id is escaped in both")
}

func TestResumeOperationByID(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(500, `{}`),
		status("dl-2", "resuming", 0, ""),
		status("dl-2", "completed", 100, ""))
	a := newTestAsyncClient(t, apiBase(srv), testkit.NewClock())
	op := a.ResumeOperation(context.Background(), "dl-2")
	assert.Equal(t, "dl-2", op.ID(), "the id is known at once")
	res, err := op.Wait(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "dl-2", res.Data.OperationID)
	assert.Equal(t, "completed", op.State().Status)
	assert.Equal(t, []string{"GET /api/v1/operations/dl-2", "GET /api/v1/operations/dl-2"}, srv.Paths())

	op = a.ResumeOperation(context.Background(), "")
	_, err = op.Wait(context.Background())
	requirePackageError(t, err)
}

func TestStartFailureIsTheError(t *testing.T) {
	for _, async := range []bool{false, true} {
		srv := newKTRDRServer(t,
			testkit.Reply(500, `{"success":false,"error":{"code":"TRAINING-Error","message":"Strategy file not found","details":{}}}`),
			status("x", "completed", 100, ""))
		a := adapterByName(t, "training")
		var err error
		if async {
			op := a.async(context.Background(), newTestAsyncClient(t, apiBase(srv), testkit.NewClock()))
			_, err = op.Wait(context.Background())
			assert.Empty(t, op.ID())
		} else {
			_, err = a.sync(context.Background(), newTestClient(t, apiBase(srv), testkit.NewClock()))
		}
		requirePackageError(t, err)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		var opErr *OperationError
		assert.False(t, errors.As(err, &opErr), "no operation was started")
		assert.Equal(t, "Strategy file not found", apiErr.Message)
		assert.Equal(t, []string{"POST /api/v1/trainings/start"}, srv.Paths(), "a start is not retried on 500")
	}
}

func TestSuccessFalseAndUnexpectedStatuses(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"data":{"operation_id":"d-1"}}`),
		testkit.Reply(200, `{"success":false,"data":{"status":"weird"}}`),
		status("d-1", "exploding", 1, ""),
		testkit.Reply(200, `{"success":true,"data":{}}`),
		status("d-1", "running", 2, "ok"),
		status("d-1", "paused", 2, ""),
	)
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	var progress progressLog
	_, err := c.StartDummyAndWait(context.Background(), WithProgress(progress.report))
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.ErrorIs(t, err, ErrOperationFailed)
	assert.Equal(t, `operation d-1 failed: 10 unexpected statuses in a row, the last: "paused"`, opErr.Message)
	assert.Equal(t, "running", opErr.ServerStatus)
	assert.Equal(t, []string{"2% Status: running - ok"}, progress.got(), "success:false and unknown statuses report nothing")
	// start, success:false, 2 unexpected, running (resets), 10 unexpected.
	assert.Equal(t, 1+1+2+1+10, srv.Count())
}

func TestOperationDeadlineOnTheInjectedClock(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"task_id":"train-2"}`), status("train-2", "running", 1, "x"))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.StartTrainingAndWait(context.Background(), &TrainingRequest{StrategyName: "s"}, WithOperationDeadline(time.Second))
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "deadline", opErr.Status)
	assert.ErrorIs(t, err, ErrTimeout)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, []time.Duration{300 * time.Millisecond, 360 * time.Millisecond, 340 * time.Millisecond}, clk.Sleeps(), "no wait goes past the deadline")
	assert.Equal(t, time.Second, clk.Elapsed())
	assert.Equal(t, 1, countMethod(srv, http.MethodDelete), "the cancel request is sent")
}

func TestDetachSendsNothing(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"task_id":"train-3"}`), status("train-3", "running", 1, "x"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	progress := progressLog{onCall: func(int) { cancel() }}
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.StartTrainingAndWait(ctx, &TrainingRequest{StrategyName: "s"}, WithDetach(true), WithProgress(progress.report))
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.ErrorIs(t, err, ErrOperationDetached)
	assert.Equal(t, "train-3", opErr.OperationID)
	assert.Zero(t, countMethod(srv, http.MethodDelete))

	// The detached operation is resumed by its id.
	srv2 := newKTRDRServer(t, testkit.Reply(500, `{}`), status("train-3", "completed", 100, ""))
	res, err := newTestClient(t, apiBase(srv2), testkit.NewClock()).WaitForOperation(context.Background(), opErr.OperationID)
	require.NoError(t, err)
	assert.Equal(t, OperationStatusCompleted, res.Data.Status)
}

// A Retry-After on a status response stretches the next poll wait, up to
// the catalog's 60 s.
func TestStatusRetryAfterSetsThePollWait(t *testing.T) {
	srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"operation_id":"bt-1"}`),
		testkit.Reply(200, statusBody("bt-1", "running", 1, "", nil), "Retry-After", "5"),
		testkit.Reply(200, statusBody("bt-1", "running", 2, "", nil), "Retry-After", "600"),
		testkit.Reply(200, statusBody("bt-1", "running", 3, "", nil), "Retry-After", "0"),
		status("bt-1", "completed", 100, ""))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.StartBacktestAndWait(context.Background(), &BacktestStartRequest{StrategyName: "s"})
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{5 * time.Second, time.Minute, 432 * time.Millisecond}, clk.Sleeps())
}

// The README's Ctrl-C idiom, with a real interrupt, in both flavours: one
// signal.NotifyContext for the start and the wait. The operation is
// cancelled on the server before XAndWait or Wait returns, and both give
// the same *OperationError.
func TestCtrlCCancelsTheOperationInBothFlavours(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no os.Interrupt to send to oneself")
	}
	self, err := os.FindProcess(os.Getpid())
	require.NoError(t, err)
	var errs []string
	for _, async := range []bool{false, true} {
		srv := newKTRDRServer(t, testkit.Reply(200, `{"success":true,"task_id":"train-c"}`), status("train-c", "running", 10, "Epoch 1/3"))
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		clk := testkit.NewClock()
		clk.Hook = func(sctx context.Context, n int) error {
			// Ctrl-C while waiting between two polls; the sleep ends with
			// the signal's context.
			assert.NoError(t, self.Signal(os.Interrupt))
			select {
			case <-sctx.Done():
			case <-time.After(10 * time.Second): // a guard against a hang, times nothing
				t.Error("the interrupt did not end the context")
			}
			return sctx.Err()
		}
		body := &TrainingRequest{StrategyName: "mean_reversion"}
		if async {
			a := newTestAsyncClient(t, apiBase(srv), clk)
			op := a.StartTrainingOperation(ctx, body)
			_, err = op.Wait(ctx)
		} else {
			_, err = newTestClient(t, apiBase(srv), clk).StartTrainingAndWait(ctx, body)
		}
		cancelledRun(t, srv, err, "train-c") // the cancel request was answered before the return
		errs = append(errs, err.Error())
		stop()
	}
	assert.Equal(t, errs[0], errs[1])
	assert.Equal(t, "operation train-c cancelled (context canceled)", errs[0])
}
