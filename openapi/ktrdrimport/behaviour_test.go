package ktrdrimport

// The behaviour scenarios of the hand catalog's client (generated/), run
// against the client generated from KTRDR's imported document with the
// hand catalog's client and operations sections kept. Method names differ
// (operationId-derived here): each scenario names the hand method and the
// route both share, and checks that the server saw that route.

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/internal/testkit"
)

// flavours runs fn on the sync Client and on the AsyncClient.
func flavours(t *testing.T, fn func(t *testing.T, async bool)) {
	for _, async := range []bool{false, true} {
		name := "sync"
		if async {
			name = "async"
		}
		t.Run(name, func(t *testing.T) { fn(t, async) })
	}
}

// clients returns a Client and an AsyncClient for srv with the fake clock
// as sleeper and clock and a fixed jitter of 0.5 (backoff 1.5 s, 2.5 s…).
func clients(t *testing.T, srv *testkit.Server, clk *testkit.Clock) (*Client, *AsyncClient) {
	t.Helper()
	opts := []Option{WithBaseURL(srv.URL), withLookupEnv(testkit.NoEnv), withSleeper(clk.Sleep), withClock(clk.Now), withRandom(func() float64 { return 0.5 })}
	c, err := NewClient(opts...)
	require.NoError(t, err)
	a, err := NewAsyncClient(opts...)
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close(); _ = a.Close() })
	return c, a
}

// do calls the sync or the async method.
func do[T any](async bool, sync func() (T, error), call func() *Call[T]) (T, error) {
	if async {
		return call().Wait(context.Background())
	}
	return sync()
}

const statusRunning = `{"success":true,"data":{"operation_id":"op-1","operation_type":"training","status":"running","created_at":"2026-01-02T03:04:05Z","progress":{"percentage":42.5,"current_step":"Epoch 2/5"}}}`

func statusOf(id, st string) string {
	return `{"success":true,"data":{"operation_id":"` + id + `","operation_type":"training","status":"` + st + `","created_at":"2026-01-02T03:04:05Z","progress":{"percentage":50}}}`
}

// GetOperation (GET /operations/{operation_id}) decodes the typed status.
func TestImportedGetOperationDecodes(t *testing.T) {
	flavours(t, func(t *testing.T, async bool) {
		srv := testkit.NewStepServer(t, testkit.Reply(200, statusRunning))
		c, a := clients(t, srv, testkit.NewClock())
		ctx := context.Background()
		res, err := do(async,
			func() (*OperationStatusResponse, error) { return c.OperationsGetOperationStatus(ctx, "op-1") },
			func() *Call[*OperationStatusResponse] { return a.OperationsGetOperationStatus(ctx, "op-1") })
		require.NoError(t, err)
		assert.Equal(t, OperationStatusRunning, res.Data.Status)
		assert.Equal(t, 42.5, *res.Data.Progress.Percentage)
		assert.Equal(t, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), res.Data.CreatedAt)
		assert.Equal(t, []string{"GET /api/v1/operations/op-1"}, srv.Paths())
	})
}

// ListOperations (GET /operations) sends its query and decodes the list.
func TestImportedListOperationsDecodes(t *testing.T) {
	flavours(t, func(t *testing.T, async bool) {
		srv := testkit.NewStepServer(t, testkit.Reply(200, `{"success":true,"data":[{"operation_id":"op-7","operation_type":"backtesting","status":"completed","created_at":"2026-01-02T03:04:05Z"}],"total_count":1,"active_count":0}`))
		c, a := clients(t, srv, testkit.NewClock())
		ctx := context.Background()
		p := &OperationsListOperationsParams{ActiveOnly: new(bool), Limit: new(int)}
		*p.Limit = 5
		res, err := do(async,
			func() (*OperationListResponse, error) { return c.OperationsListOperations(ctx, p) },
			func() *Call[*OperationListResponse] { return a.OperationsListOperations(ctx, p) })
		require.NoError(t, err)
		require.Len(t, res.Data, 1)
		assert.Equal(t, "op-7", res.Data[0].OperationID)
		assert.Equal(t, OperationTypeBacktesting, res.Data[0].OperationType)
		assert.Equal(t, 1, res.TotalCount)
		require.Len(t, srv.Requests(), 1)
		r := srv.Requests()[0]
		assert.Equal(t, "/api/v1/operations", r.Path)
		assert.Equal(t, "active_only=false&limit=5", r.Query)
	})
}

// An error in KTRDR's envelope is an *APIError with the server's message,
// code and details (the hand client section's errors format).
func TestImportedAPIErrorIsTyped(t *testing.T) {
	flavours(t, func(t *testing.T, async bool) {
		srv := testkit.NewStepServer(t, testkit.Reply(404, `{"success":false,"error":{"code":"OPERATION_NOT_FOUND","message":"Operation op-9 not found","details":{"operation_id":"op-9"}}}`))
		c, a := clients(t, srv, testkit.NewClock())
		ctx := context.Background()
		_, err := do(async,
			func() (*OperationStatusResponse, error) { return c.OperationsGetOperationStatus(ctx, "op-9") },
			func() *Call[*OperationStatusResponse] { return a.OperationsGetOperationStatus(ctx, "op-9") })
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, http.StatusNotFound, apiErr.StatusCode)
		assert.Equal(t, "OPERATION_NOT_FOUND", apiErr.Code)
		assert.Equal(t, "Operation op-9 not found", apiErr.Message)
		assert.Equal(t, false, apiErr.Details["success"], "details are the error body")
		assert.Nil(t, apiErr.Diagnosis)
		assert.Equal(t, 1, srv.Count(), "a 404 is not retried")

		// The hand section's diagnostics: an IB Gateway error is diagnosed.
		ib := testkit.NewStepServer(t, testkit.Reply(400, `{"success":false,"error":{"code":"DATA-ERROR","message":"IB Gateway connection refused"}}`))
		c, a = clients(t, ib, testkit.NewClock())
		_, err = do(async,
			func() (*SymbolsResponse, error) { return c.DataGetSymbols(ctx) },
			func() *Call[*SymbolsResponse] { return a.DataGetSymbols(ctx) })
		require.ErrorAs(t, err, &apiErr)
		require.NotNil(t, apiErr.Diagnosis)
		assert.Equal(t, "unrecoverable", apiErr.Diagnosis.ProblemType)
		assert.Contains(t, apiErr.Diagnosis.Message, "IB Gateway is not accessible")
	})
}

// ListSymbols (GET /symbols) is retried on 503 after the catalog's
// backoff; StartTraining (POST /trainings/start, idempotent: false in the
// hand catalog) is not.
func TestImportedRetryOn503(t *testing.T) {
	flavours(t, func(t *testing.T, async bool) {
		srv := testkit.NewStepServer(t, testkit.Reply(503, `{"detail":"busy"}`), testkit.Reply(200, `{"success":true,"data":[]}`))
		clk := testkit.NewClock()
		c, a := clients(t, srv, clk)
		ctx := context.Background()
		res, err := do(async,
			func() (*SymbolsResponse, error) { return c.DataGetSymbols(ctx) },
			func() *Call[*SymbolsResponse] { return a.DataGetSymbols(ctx) })
		require.NoError(t, err)
		assert.True(t, res.Success)
		assert.Equal(t, []string{"GET /api/v1/symbols", "GET /api/v1/symbols"}, srv.Paths())
		assert.Equal(t, []time.Duration{testkit.Secs(1.5)}, clk.Sleeps())

		start := testkit.NewStepServer(t, testkit.Reply(503, `{"detail":"busy"}`))
		c, a = clients(t, start, testkit.NewClock())
		body := &TrainingRequest{StrategyName: "s"}
		_, err = do(async,
			func() (*TrainingStartResponse, error) { return c.TrainingStartTraining(ctx, body) },
			func() *Call[*TrainingStartResponse] { return a.TrainingStartTraining(ctx, body) })
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, 503, apiErr.StatusCode)
		assert.Equal(t, []string{"POST /api/v1/trainings/start"}, start.Paths(), "a start is never retried")
	})
}

// operationServer answers a start with start, the polls with statuses
// (the last repeating) and a DELETE with KTRDR's cancel response.
func operationServer(t *testing.T, start string, statuses ...string) *testkit.Server {
	var mu sync.Mutex
	polls := 0
	return testkit.NewServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			testkit.Reply(200, start)(w, r)
		case http.MethodGet:
			mu.Lock()
			k := min(polls, len(statuses)-1)
			polls++
			mu.Unlock()
			testkit.Reply(200, statuses[k])(w, r)
		case http.MethodDelete:
			testkit.Reply(200, `{"success":true,"data":{"status":"cancelled"}}`)(w, r)
		}
	})
}

// StartTrainingAndWait / StartTrainingOperation: start, poll the hand
// operations section's status path, and return the final status.
func TestImportedOperationStartPollResult(t *testing.T) {
	flavours(t, func(t *testing.T, async bool) {
		srv := operationServer(t, `{"success":true,"task_id":"train-1","status":"training_started","message":"ok","symbols":["AAPL"],"timeframes":["1h"],"strategy_name":"s"}`,
			statusOf("train-1", "pending"), statusOf("train-1", "running"), statusOf("train-1", "completed"))
		clk := testkit.NewClock()
		c, a := clients(t, srv, clk)
		ctx := context.Background()
		body := &TrainingRequest{StrategyName: "s"}
		var res *OperationStatusResponse
		var err error
		if async {
			res, err = a.TrainingStartTrainingOperation(ctx, body).Wait(ctx)
		} else {
			res, err = c.TrainingStartTrainingAndWait(ctx, body)
		}
		require.NoError(t, err)
		assert.Equal(t, OperationStatusCompleted, res.Data.Status)
		assert.Equal(t, "train-1", res.Data.OperationID)
		assert.Equal(t, []string{
			"POST /api/v1/trainings/start",
			"GET /api/v1/operations/train-1",
			"GET /api/v1/operations/train-1",
			"GET /api/v1/operations/train-1",
		}, srv.Paths())
		assert.Equal(t, []time.Duration{300 * time.Millisecond, 360 * time.Millisecond}, clk.Sleeps(), "the hand catalog's poll interval, growing by 1.2")
	})
}

// A caller that gives up cancels the operation once, with the hand
// operations section's cancel request (DELETE with the reason body).
func TestImportedOperationCancel(t *testing.T) {
	flavours(t, func(t *testing.T, async bool) {
		srv := operationServer(t, `{"success":true,"operation_id":"bt-1","status":"started","message":"ok","symbol":"AAPL","timeframe":"1h"}`,
			statusOf("bt-1", "running"))
		clk := testkit.NewClock()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		clk.Hook = func(context.Context, int) error {
			cancel() // the caller gives up during the first poll wait
			return nil
		}
		c, a := clients(t, srv, clk)
		body := &BacktestStartRequest{}
		var err error
		if async {
			_, err = a.BacktestingStartBacktestOperation(ctx, body).Wait(context.Background())
		} else {
			_, err = c.BacktestingStartBacktestAndWait(ctx, body)
		}
		var opErr *OperationError
		require.ErrorAs(t, err, &opErr)
		assert.ErrorIs(t, err, ErrOperationCancelled)
		assert.True(t, errors.Is(err, context.Canceled))
		assert.Equal(t, "bt-1", opErr.OperationID)
		var deletes []testkit.Request
		for _, r := range srv.Requests() {
			if r.Method == http.MethodDelete {
				deletes = append(deletes, r)
			}
		}
		require.Len(t, deletes, 1, "one cancel: %v", srv.Paths())
		assert.Equal(t, "/api/v1/operations/bt-1", deletes[0].Path)
		assert.JSONEq(t, `{"reason":"cancelled by client"}`, deletes[0].Body)
	})
}
