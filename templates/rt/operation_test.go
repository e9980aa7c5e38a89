package rt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testOperationSettings are the settings of the KTRDR catalog with its
// operation protocol.
func testOperationSettings() settings { return ktrdrSettings() }

// opStatus mirrors the KTRDR OperationStatusResponse.
type opStatus struct {
	Success *bool `json:"success,omitempty"`
	Data    struct {
		OperationID string `json:"operation_id"`
		Status      string `json:"status"`
		Progress    *struct {
			Percentage  float64 `json:"percentage"`
			CurrentStep string  `json:"current_step"`
		} `json:"progress,omitempty"`
		ErrorMessage  string         `json:"error_message,omitempty"`
		ResultSummary map[string]any `json:"result_summary,omitempty"`
	} `json:"data"`
}

// opRequest is one request the operation server received.
type opRequest struct {
	method, path, body string
}

// opServer answers as the KTRDR API does: a start endpoint, a scripted
// sequence of status responses (the last one repeats) and the cancel
// endpoint.
type opServer struct {
	*testkit.Server

	mu           sync.Mutex
	startStatus  int
	startBody    string
	statuses     []string            // status bodies in order
	statusCodes  map[int]int         // poll index -> HTTP status (default 200)
	statusHeader map[int]http.Header // poll index -> extra headers
	cancelStatus int
	onPoll       func(n int) // called with the 1-based poll count
	onCancel     func()      // called when the cancel request arrives
	startGate    chan struct{}
	requests     []opRequest
	polls        int
}

func newOpServer(t *testing.T, statuses ...string) *opServer {
	t.Helper()
	s := &opServer{
		startStatus:  http.StatusOK,
		startBody:    `{"success": true, "task_id": "op-1", "status": "training_started"}`,
		statuses:     statuses,
		cancelStatus: http.StatusOK,
	}
	s.Server = testkit.Serve(t, s.serve)
	return s
}

func (s *opServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.requests = append(s.requests, opRequest{r.Method, r.URL.EscapedPath(), string(body)})
	gate := s.startGate
	s.mu.Unlock()
	switch {
	case r.Method == http.MethodPost:
		if gate != nil {
			<-gate
		}
		s.mu.Lock()
		code, b := s.startStatus, s.startBody
		s.mu.Unlock()
		writeJSON(w, code, b)
	case r.Method == http.MethodGet:
		s.mu.Lock()
		i := s.polls
		s.polls++
		b := s.statuses[min(i, len(s.statuses)-1)]
		code := s.statusCodes[i]
		if code == 0 {
			code = http.StatusOK
		}
		for k, vs := range s.statusHeader[i] {
			w.Header()[k] = vs
		}
		hook := s.onPoll
		s.mu.Unlock()
		if hook != nil {
			hook(i + 1)
		}
		writeJSON(w, code, b)
	case r.Method == http.MethodDelete:
		s.mu.Lock()
		code, hook := s.cancelStatus, s.onCancel
		s.mu.Unlock()
		if hook != nil {
			hook()
		}
		writeJSON(w, code, `{"success": true, "data": {"operation_id": "op-1", "status": "cancelled"}}`)
	default:
		writeJSON(w, http.StatusMethodNotAllowed, `{"detail": "no"}`)
	}
}

// got returns the requests received so far.
func (s *opServer) got() []opRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]opRequest(nil), s.requests...)
}

// count returns how many requests had the method.
func (s *opServer) count(method string) int {
	n := 0
	for _, r := range s.got() {
		if r.method == method {
			n++
		}
	}
	return n
}

// st renders a KTRDR status response.
func st(status string, pct float64, step string) string {
	return fmt.Sprintf(`{"success": true, "data": {"operation_id": "op-1", "status": %q, "progress": {"percentage": %v, "current_step": %q}}}`, status, pct, step)
}

// repeat returns n copies of body.
func repeat(n int, body string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = body
	}
	return out
}

// newOpCore builds a core for srv with the operation settings s, an
// injected sleeper and clock, no retry jitter and no environment.
func newOpCore(t *testing.T, s settings, srv *opServer) (*core, *testkit.Clock) {
	t.Helper()
	tm := testkit.NewClock()
	c, err := newCore(s, []Option{
		WithBaseURL(srv.URL),
		withLookupEnv(testkit.NoEnv),
		withSleeper(tm.Sleep),
		withClock(tm.Now),
		withRandom(func() float64 { return 0 }),
	})
	require.NoError(t, err)
	t.Cleanup(c.close)
	return c, tm
}

// trainingReq is the start request of a training.
func trainingReq() *request {
	return &request{
		endpoint:   "start_training",
		method:     http.MethodPost,
		path:       "/trainings/start",
		body:       map[string]any{"strategy_name": "momentum", "symbols": []string{"AAPL"}},
		maxRetries: -1,
	}
}

// trainingSpec is the start spec of the training endpoint.
var trainingSpec = startSpec{idFields: []string{"task_id", "data.operation_id"}}

// progressCall is one call of the progress callback.
type progressCall struct {
	pct float64
	msg string
}

// progressRecorder records progress calls.
type progressRecorder struct {
	mu    sync.Mutex
	calls []progressCall
}

func (p *progressRecorder) fn(pct float64, msg string) {
	p.mu.Lock()
	p.calls = append(p.calls, progressCall{pct, msg})
	p.mu.Unlock()
}

func (p *progressRecorder) got() []progressCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]progressCall(nil), p.calls...)
}

func TestOperationStartsThroughTheStartRequest(t *testing.T) {
	srv := newOpServer(t, st("completed", 100, "Done"))
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)

	reqs := srv.got()
	require.Len(t, reqs, 2)
	assert.Equal(t, http.MethodPost, reqs[0].method)
	assert.Equal(t, "/trainings/start", reqs[0].path)
	assert.JSONEq(t, `{"strategy_name": "momentum", "symbols": ["AAPL"]}`, reqs[0].body)
	assert.Equal(t, opRequest{http.MethodGet, "/operations/op-1", ""}, reqs[1])
}

func TestOperationPollsUntilCompletedAndReturnsTheFinalResult(t *testing.T) {
	final := `{"success": true, "data": {"operation_id": "op-1", "status": "completed",
		"progress": {"percentage": 100, "current_step": "Done"}, "result_summary": {"accuracy": 0.91}}}`
	srv := newOpServer(t, st("pending", 0, ""), st("running", 40, "Epoch 2/5"), st("running", 80, "Epoch 4/5"), final)
	c, tm := newOpCore(t, testOperationSettings(), srv)

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)

	assert.Equal(t, 4, srv.count(http.MethodGet), "polls until the terminal status, then stops")
	assert.Equal(t, 0, srv.count(http.MethodDelete))
	assert.Len(t, tm.Sleeps(), 3, "one wait between two polls")
	require.NotNil(t, got)
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, "op-1", got.Data.OperationID)
	assert.Equal(t, map[string]any{"accuracy": 0.91}, got.Data.ResultSummary)
}

func TestOperationFreeFormResultIsTheWholeStatusBody(t *testing.T) {
	final := st("completed", 100, "Done")
	srv := newOpServer(t, final)
	c, _ := newOpCore(t, testOperationSettings(), srv)

	got, err := runOperation[json.RawMessage](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)
	require.NotNil(t, got)
	assert.JSONEq(t, final, string(*got))
}

func TestOperationProgressCallbackGetsEveryInProgressStatus(t *testing.T) {
	srv := newOpServer(t,
		`{"success": true, "data": {"status": "pending"}}`,
		st("starting", 0, ""),
		st("running", 12.5, "Loading data"),
		`{"success": true, "data": {"status": "running", "progress": {"percentage": 50, "current_step": null}}}`,
		st("resuming", 60, "Restoring checkpoint"),
		st("completed", 100, "Done"),
	)
	c, _ := newOpCore(t, testOperationSettings(), srv)
	var rec progressRecorder

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
	require.NoError(t, err)

	assert.Equal(t, []progressCall{
		{0, "Status: pending - Working..."},
		{0, "Status: starting - Working..."},
		{12.5, "Status: running - Loading data"},
		{50, "Status: running - Working..."},
		{60, "Status: resuming - Restoring checkpoint"},
	}, rec.got(), "called for in-progress statuses only, never for the terminal one")
}

// A percentage that is not a number (NaN cannot come in JSON, but a
// decoded document may hold one) is no new percentage: the last one stays,
// in the state and for the progress callback. Out of range, it is clamped.
func TestOperationProgressNaNKeepsTheLastPercentage(t *testing.T) {
	c, _ := newOpCore(t, testOperationSettings(), newOpServer(t, st("completed", 100, "")))
	var rec progressRecorder
	var states []OperationState
	r, err := newOperationRun(c, trainingSpec, []OperationOption{WithProgress(rec.fn)}, func(s OperationState) { states = append(states, s) })
	require.NoError(t, err)
	doc := func(pct any) any {
		return map[string]any{"data": map[string]any{"status": "running", "progress": map[string]any{"percentage": pct}}}
	}
	for _, pct := range []any{json.Number("40"), math.NaN(), json.Number("NaN"), math.Inf(1), math.NaN(), math.Inf(-1), math.NaN()} {
		r.update(doc(pct), "running")
		r.opts.progress(r.state.Percentage, "")
	}
	var got []float64
	for _, s := range states {
		got = append(got, s.Percentage)
	}
	want := []float64{40, 40, 40, 100, 100, 0, 0}
	assert.Equal(t, want, got)
	for i, call := range rec.got() {
		assert.Equal(t, want[i], call.pct)
	}
	assert.Equal(t, 50.0, clampPercentage(50, 7))
	assert.Equal(t, 7.0, clampPercentage(math.NaN(), 7))
	assert.Equal(t, 0.0, clampPercentage(-0.5, 7))
	assert.Equal(t, 100.0, clampPercentage(1e308, 7))
}

func TestOperationProgressCallbackIsOptional(t *testing.T) {
	srv := newOpServer(t, st("running", 50, "Half way"), st("completed", 100, "Done"))
	c, _ := newOpCore(t, testOperationSettings(), srv)

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{nil})
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
}

func TestOperationCallerCancelSendsTheCancelOnceWithTheStartID(t *testing.T) {
	srv := newOpServer(t, st("running", 10, "Epoch 1/5"))
	srv.startBody = `{"success": true, "task_id": "train-42", "data": {"operation_id": "other"}}`
	c, _ := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var n int
	progress := func(float64, string) {
		if n++; n == 2 {
			cancel()
		}
	}

	got, err := runOperation[opStatus](ctx, c, trainingReq(), trainingSpec, []OperationOption{WithProgress(progress)})
	require.Error(t, err)
	assert.Nil(t, got)

	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "train-42", opErr.OperationID, "the id comes from the start response")
	assert.Equal(t, "cancelled", opErr.Status)
	assert.Equal(t, "running", opErr.ServerStatus)
	assert.NoError(t, opErr.CancelErr)
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrOperationFailed)
	assert.Contains(t, err.Error(), "train-42")
	var ce *ClientError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, opErr.Message, ce.Message)

	var deletes []opRequest
	for _, r := range srv.got() {
		if r.method == http.MethodDelete {
			deletes = append(deletes, r)
		}
	}
	require.Len(t, deletes, 1, "the cancel is sent exactly once")
	assert.Equal(t, "/operations/train-42", deletes[0].path)
	assert.JSONEq(t, `{"reason": "cancelled by client"}`, deletes[0].body)
	assert.Equal(t, 2, srv.count(http.MethodGet), "no poll after the cancel")
}

func TestOperationCallerCancelWhileWaitingBetweenPolls(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	c, tm := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	tm.Hook = func(ctx context.Context, n int) error {
		if n == 3 {
			cancel()
		}
		return ctx.Err()
	}

	_, err := runOperation[opStatus](ctx, c, trainingReq(), trainingSpec, nil)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "cancelled", opErr.Status)
	assert.Equal(t, "op-1", opErr.OperationID)
	assert.Equal(t, 3, srv.count(http.MethodGet))
	assert.Equal(t, 1, srv.count(http.MethodDelete))
}

func TestOperationCancelFailureIsRecordedNotReturned(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	srv.cancelStatus = http.StatusServiceUnavailable
	c, _ := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	_, err := runOperation[opStatus](ctx, c, trainingReq(), trainingSpec, []OperationOption{WithProgress(func(float64, string) { cancel() })})
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "cancelled", opErr.Status, "the cancel's failure does not replace the main error")
	assert.ErrorIs(t, err, ErrOperationCancelled)
	var apiErr *APIError
	require.ErrorAs(t, opErr.CancelErr, &apiErr)
	assert.Equal(t, http.StatusServiceUnavailable, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "the cancel request failed")
	assert.Equal(t, 1, srv.count(http.MethodDelete), "a failed cancel is not retried")
}

func TestOperationCancelTimeoutDoesNotDependOnTheDeadContext(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodPost:
			writeJSON(w, 200, `{"task_id": "op-1"}`)
		case http.MethodGet:
			writeJSON(w, 200, st("running", 1, ""))
		case http.MethodDelete:
			<-release // never answers in time
		}
	})
	defer srv.Close()
	defer once.Do(func() { close(release) })
	c, err := newCore(testOperationSettings(), []Option{WithBaseURL(srv.URL), withLookupEnv(testkit.NoEnv), withSleeper(func(ctx context.Context, _ time.Duration) error { return ctx.Err() })})
	require.NoError(t, err)
	defer c.close()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	start := time.Now()
	_, err = runOperation[opStatus](ctx, c, trainingReq(), trainingSpec, []OperationOption{
		WithProgress(func(float64, string) { cancel() }),
		WithCancelTimeout(20 * time.Millisecond),
	})
	once.Do(func() { close(release) })
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "cancelled", opErr.Status)
	require.Error(t, opErr.CancelErr)
	assert.ErrorIs(t, opErr.CancelErr, ErrTimeout, "the cancel request ran (and timed out) although ctx was dead")
	assert.Less(t, time.Since(start), 5*time.Second)
}

func TestOperationFailedStatusCarriesTheServerMessage(t *testing.T) {
	srv := newOpServer(t, st("running", 30, "Epoch 1/5"),
		`{"success": true, "data": {"operation_id": "op-1", "status": "failed", "error_message": "CUDA out of memory"}}`)
	c, _ := newOpCore(t, testOperationSettings(), srv)

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	assert.Nil(t, got)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "failed", opErr.Status)
	assert.Equal(t, "op-1", opErr.OperationID)
	assert.Equal(t, "operation op-1 failed: CUDA out of memory", opErr.Error())
	assert.Equal(t, "CUDA out of memory", opErr.Details["error_message"], "details are the operation's data")
	assert.ErrorIs(t, err, ErrOperationFailed)
	assert.NotErrorIs(t, err, ErrOperationCancelled)
	assert.NotErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

func TestOperationServerSideCancelIsCancelled(t *testing.T) {
	srv := newOpServer(t, `{"success": true, "data": {"status": "cancelled", "error_message": "stopped by admin"}}`)
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "cancelled", opErr.Status)
	assert.Contains(t, opErr.Error(), "stopped by admin")
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.NotErrorIs(t, err, context.Canceled, "nobody cancelled the caller's context")
	assert.Equal(t, 0, srv.count(http.MethodDelete), "nothing to cancel")
}

func TestOperationStartFailureIsTheError(t *testing.T) {
	srv := newOpServer(t, st("completed", 100, ""))
	srv.startStatus = http.StatusBadRequest
	srv.startBody = `{"detail": "strategy not found"}`
	c, _ := newOpCore(t, testOperationSettings(), srv)

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	assert.Nil(t, got)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusBadRequest, apiErr.StatusCode)
	assert.Equal(t, "strategy not found", apiErr.Message)
	var opErr *OperationError
	assert.False(t, errors.As(err, &opErr), "no operation exists")
	assert.Equal(t, 1, srv.count(http.MethodPost))
	assert.Equal(t, 0, srv.count(http.MethodGet))
}

func TestOperationEachTerminalStateIsTerminal(t *testing.T) {
	for _, status := range []string{"completed", "failed", "cancelled"} {
		t.Run(status, func(t *testing.T) {
			srv := newOpServer(t, st(status, 100, ""), st("running", 0, ""), st("completed", 100, ""))
			c, tm := newOpCore(t, testOperationSettings(), srv)
			var rec progressRecorder

			_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
			if status == "completed" {
				require.NoError(t, err)
			} else {
				var opErr *OperationError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, status, opErr.Status)
			}
			assert.Equal(t, 1, srv.count(http.MethodGet))
			assert.Empty(t, tm.Sleeps())
			assert.Empty(t, rec.got())
		})
	}
}

func TestOperationMissingStatusFailsAfterMaxUnexpected(t *testing.T) {
	srv := newOpServer(t, `{"success": true, "data": {"operation_id": "op-1"}}`)
	c, tm := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "failed", opErr.Status)
	assert.Equal(t, "op-1", opErr.OperationID)
	assert.Equal(t, "operation op-1 failed: 10 unexpected statuses in a row, the last: no status", opErr.Error())
	assert.ErrorIs(t, err, ErrOperationFailed)
	assert.Equal(t, 10, srv.count(http.MethodGet))
	assert.Len(t, tm.Sleeps(), 9)
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

func TestOperationUnexpectedStatusFailsNamingTheLastValue(t *testing.T) {
	srv := newOpServer(t, append(repeat(9, st("weird", 0, "")), st("bogus", 0, ""))...)
	c, _ := newOpCore(t, testOperationSettings(), srv)
	var rec progressRecorder

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "failed", opErr.Status)
	assert.Equal(t, `operation op-1 failed: 10 unexpected statuses in a row, the last: "bogus"`, opErr.Error())
	assert.Equal(t, 10, srv.count(http.MethodGet))
	assert.Empty(t, rec.got(), "an unexpected status reports no progress")
}

func TestOperationUnexpectedNonStringStatusIsNamed(t *testing.T) {
	srv := newOpServer(t, `{"success": true, "data": {"status": 7}}`)
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.ErrorIs(t, err, ErrOperationFailed)
	assert.True(t, strings.HasSuffix(err.Error(), "the last: 7"), err.Error())
}

func TestOperationRecoversFromIntermittentUnexpectedStatus(t *testing.T) {
	script := append(repeat(9, st("weird", 0, "")), st("running", 50, "Half way"))
	script = append(script, repeat(9, `{"success": true, "data": {}}`)...)
	script = append(script, st("completed", 100, "Done"))
	srv := newOpServer(t, script...)
	c, _ := newOpCore(t, testOperationSettings(), srv)
	var rec progressRecorder

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
	require.NoError(t, err, "a valid status resets the count")
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, 20, srv.count(http.MethodGet))
	assert.Equal(t, []progressCall{{50, "Status: running - Half way"}}, rec.got())
}

func TestOperationResumingIsInProgress(t *testing.T) {
	srv := newOpServer(t, append(repeat(12, st("resuming", 5, "")), st("completed", 100, ""))...)
	c, _ := newOpCore(t, testOperationSettings(), srv)
	var rec progressRecorder

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
	require.NoError(t, err, "resuming is not unexpected")
	assert.Len(t, rec.got(), 12)
	assert.Equal(t, progressCall{5, "Status: resuming - Working..."}, rec.got()[0])
}

func TestOperationSuccessFalsePollsAgain(t *testing.T) {
	notReady := `{"success": false, "data": {"status": "bogus"}}`
	srv := newOpServer(t, append(repeat(15, notReady), st("completed", 100, ""))...)
	c, _ := newOpCore(t, testOperationSettings(), srv)
	var rec progressRecorder

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
	require.NoError(t, err, "success:false is not counted as unexpected")
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, 16, srv.count(http.MethodGet))
	assert.Empty(t, rec.got())
}

func TestOperationIDLocations(t *testing.T) {
	cases := []struct {
		name   string
		fields []string
		body   string
		want   string
	}{
		{"task_id", []string{"task_id", "data.operation_id"}, `{"success": true, "task_id": "train-1"}`, "train-1"},
		{"operation_id", []string{"operation_id", "data.operation_id"}, `{"success": true, "operation_id": "bt-2"}`, "bt-2"},
		{"data.operation_id", []string{"data.operation_id"}, `{"success": true, "data": {"operation_id": "dummy-3"}}`, "dummy-3"},
		{"fallback", []string{"task_id", "data.operation_id"}, `{"success": true, "task_id": null, "data": {"operation_id": "op-4"}}`, "op-4"},
		{"first wins", []string{"task_id", "data.operation_id"}, `{"task_id": "first", "data": {"operation_id": "second"}}`, "first"},
		{"empty is missing", []string{"operation_id", "data.operation_id"}, `{"operation_id": "", "data": {"operation_id": "op-6"}}`, "op-6"},
		{"number", []string{"id"}, `{"id": 12345678901234567}`, "12345678901234567"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newOpServer(t, st("completed", 100, ""))
			srv.startBody = tc.body
			c, _ := newOpCore(t, testOperationSettings(), srv)

			_, err := runOperation[opStatus](t.Context(), c, trainingReq(), startSpec{idFields: tc.fields}, nil)
			require.NoError(t, err)
			reqs := srv.got()
			require.Len(t, reqs, 2)
			assert.Equal(t, "/operations/"+tc.want, reqs[1].path)
		})
	}
}

func TestOperationMissingIDNamesThePathsTried(t *testing.T) {
	srv := newOpServer(t, st("completed", 100, ""))
	srv.startBody = `{"success": true, "data": {"id": "x"}}`
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "KTRDR client: the response of start_training has no operation id (tried task_id, data.operation_id)", apiErr.Message)
	assert.Equal(t, "start_training", apiErr.Endpoint)
	assert.Equal(t, http.StatusOK, apiErr.StatusCode)
	assert.Equal(t, 0, srv.count(http.MethodGet))
}

func TestOperationPollIntervalGrowsToTheMaximum(t *testing.T) {
	srv := newOpServer(t, append(repeat(12, st("running", 1, "")), st("completed", 100, ""))...)
	c, tm := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)
	ms := func(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }
	assert.Equal(t, []time.Duration{
		ms(300), ms(360), ms(432), ms(518.4), ms(622.08), ms(746.496), ms(895.7952),
		ms(1074.95424), ms(1289.945088), 1547934106, 1857520927, 2 * time.Second,
	}, tm.Sleeps(), "300 ms growing by 1.2 (rounded to the nanosecond) up to 2 s")
}

func TestOperationPollIntervalOptions(t *testing.T) {
	s := testOperationSettings()
	s.operations.pollGrowth = 1.5
	srv := newOpServer(t, append(repeat(6, st("running", 1, "")), st("completed", 100, ""))...)
	c, tm := newOpCore(t, s, srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{
		WithPollInterval(200 * time.Millisecond), WithPollMaxInterval(time.Second),
	})
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{
		200 * time.Millisecond, 300 * time.Millisecond, 450 * time.Millisecond, 675 * time.Millisecond, time.Second, time.Second,
	}, tm.Sleeps())
}

func TestOperationFixedIntervalWithGrowthOne(t *testing.T) {
	s := testOperationSettings()
	s.operations.pollGrowth = 1
	srv := newOpServer(t, append(repeat(3, st("running", 1, "")), st("completed", 100, ""))...)
	c, tm := newOpCore(t, s, srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)
	d := 300 * time.Millisecond
	assert.Equal(t, []time.Duration{d, d, d}, tm.Sleeps(), "the reference's fixed 0.3 s")
}

func TestOperationRetryAfterOnStatusResponseIsHonoured(t *testing.T) {
	srv := newOpServer(t, st("running", 1, ""), st("running", 2, ""), st("running", 3, ""), st("running", 4, ""), st("completed", 100, ""))
	srv.statusHeader = map[int]http.Header{
		0: {"Retry-After": {"7"}},
		1: {"Retry-After": {"0"}},                                                               // shorter than the interval: the interval wins
		2: {"Retry-After": {testkit.Epoch.Add(12 * time.Second).UTC().Format(http.TimeFormat)}}, // the clock is at +7.36 s
		3: {"Retry-After": {"3600"}},                                                            // capped by the catalog's max Retry-After
	}
	c, tm := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{
		7 * time.Second, 360 * time.Millisecond, 4640 * time.Millisecond, time.Minute,
	}, tm.Sleeps(), "Retry-After replaces a shorter interval; the interval keeps growing underneath")
}

func TestOperationTransientPollErrorsAreRetried(t *testing.T) {
	srv := newOpServer(t, `{"detail": "busy"}`, st("running", 10, ""), st("completed", 100, ""))
	srv.statusCodes = map[int]int{0: http.StatusServiceUnavailable}
	c, tm := newOpCore(t, testOperationSettings(), srv)

	got, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, 3, srv.count(http.MethodGet))
	assert.Equal(t, []time.Duration{time.Second, 300 * time.Millisecond}, tm.Sleeps(), "the request path's backoff, then the poll interval")
}

func TestOperationPollErrorAfterRetriesKeepsTheID(t *testing.T) {
	srv := newOpServer(t, `{"detail": "operation not found"}`)
	srv.statusCodes = map[int]int{0: http.StatusNotFound}
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "error", opErr.Status)
	assert.Equal(t, "op-1", opErr.OperationID)
	assert.Equal(t, http.StatusNotFound, opErr.StatusCode)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr, "the cause stays reachable")
	assert.Equal(t, "operation not found", apiErr.Message)
	assert.ErrorIs(t, err, ErrAPI)
	assert.NotErrorIs(t, err, ErrOperationFailed)
	assert.Equal(t, 1, srv.count(http.MethodGet))
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

func TestOperationUndecodableFinalResponse(t *testing.T) {
	srv := newOpServer(t, `{"success": true, "data": {"status": "completed", "operation_id": 5}}`)
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "error", opErr.Status)
	assert.Equal(t, "completed", opErr.ServerStatus)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "operation status", apiErr.Endpoint)
}

func TestOperationDetachSendsNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec startSpec
		opts []OperationOption
	}{
		{"catalog", startSpec{idFields: []string{"task_id"}, detach: true}, nil},
		{"option", trainingSpec, []OperationOption{WithDetach(true)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newOpServer(t, st("running", 10, ""))
			c, _ := newOpCore(t, testOperationSettings(), srv)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			opts := append([]OperationOption{WithProgress(func(float64, string) { cancel() })}, tc.opts...)

			_, err := runOperation[opStatus](ctx, c, trainingReq(), tc.spec, opts)
			var opErr *OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "detached", opErr.Status)
			assert.Equal(t, "op-1", opErr.OperationID)
			assert.ErrorIs(t, err, ErrOperationDetached)
			assert.ErrorIs(t, err, context.Canceled)
			assert.NotErrorIs(t, err, ErrOperationCancelled)
			assert.Equal(t, 0, srv.count(http.MethodDelete))
		})
	}
}

func TestOperationDetachOverriddenByOption(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	c, _ := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	_, err := runOperation[opStatus](ctx, c, trainingReq(), startSpec{idFields: []string{"task_id"}, detach: true},
		[]OperationOption{WithProgress(func(float64, string) { cancel() }), WithDetach(false)})
	require.ErrorIs(t, err, ErrOperationCancelled)
	assert.Equal(t, 1, srv.count(http.MethodDelete))
}

func TestOperationDeadline(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	c, tm := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithOperationDeadline(time.Second)})
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "deadline", opErr.Status)
	assert.Equal(t, "op-1", opErr.OperationID)
	assert.ErrorIs(t, err, ErrTimeout)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.NotErrorIs(t, err, context.Canceled)
	assert.Equal(t, []time.Duration{300 * time.Millisecond, 360 * time.Millisecond, 340 * time.Millisecond}, tm.Sleeps(),
		"the last wait stops at the deadline, on the injected clock")
	assert.Equal(t, 3, srv.count(http.MethodGet))
	assert.Equal(t, 1, srv.count(http.MethodDelete), "the operation is cancelled when the caller stops waiting")
}

func TestOperationDeadlineDetached(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithOperationDeadline(time.Second), WithDetach(true)})
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "deadline", opErr.Status)
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

// deadlineCtx is a context whose deadline passes when its expire function
// is called: its Err is then context.DeadlineExceeded, on no clock.
type deadlineCtx struct{ context.Context }

func newDeadlineCtx(parent context.Context) (deadlineCtx, context.CancelFunc) {
	ctx, expire := context.WithCancel(parent)
	return deadlineCtx{ctx}, expire
}

func (d deadlineCtx) Err() error {
	if d.Context.Err() != nil {
		return context.DeadlineExceeded
	}
	return nil
}

func TestOperationCallerDeadlineIsACancel(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	c, tm := newOpCore(t, testOperationSettings(), srv)
	ctx, expire := newDeadlineCtx(t.Context())
	defer expire()
	tm.Hook = func(ctx context.Context, n int) error {
		if n == 1 {
			expire()
		}
		return ctx.Err()
	}

	_, err := waitOperation[opStatus](ctx, c, "op-1", nil)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "cancelled", opErr.Status)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.Equal(t, 1, srv.count(http.MethodGet))
	assert.Equal(t, 1, srv.count(http.MethodDelete))
}

// A run whose context has already ended sends nothing, neither the start
// request nor a status or cancel request, and gives the error of the plain
// call of its first request with that context.
func TestOperationWithAnEndedContextSendsNothing(t *testing.T) {
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	past, stop := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer stop()
	for _, ctx := range []context.Context{cancelled, past} {
		for _, detach := range []bool{false, true} {
			srv := newOpServer(t, st("running", 10, ""))
			c, _ := newOpCore(t, testOperationSettings(), srv)
			opts := []OperationOption{WithDetach(detach)}

			_, startErr := runOperation[opStatus](ctx, c, trainingReq(), trainingSpec, opts)
			_, plainErr := execute(ctx, c, trainingReq(), nil)
			requireContextError(t, ctx, plainErr, "POST "+srv.URL+"/trainings/start")
			assert.Equal(t, plainErr, startErr)
			_, asyncErr := startOperation[opStatus](ctx, c, trainingReq(), trainingSpec, opts).Wait(ctx)
			assert.Equal(t, plainErr, asyncErr)

			_, waitErr := waitOperation[opStatus](ctx, c, "op-1", opts)
			_, plainErr = execute(ctx, c, getReq("/operations/op-1"), nil)
			requireContextError(t, ctx, plainErr, "GET "+srv.URL+"/operations/op-1")
			assert.Equal(t, plainErr, waitErr)
			_, asyncErr = resumeOperation[opStatus](ctx, c, "op-1", opts).Wait(ctx)
			assert.Equal(t, plainErr, asyncErr)

			assert.Empty(t, srv.got(), "nothing sent")
		}
	}
}

// requireContextError checks the error of a call whose context ctx had
// ended: a *ClientError, or a *TimeoutError for a deadline, led by prefix.
func requireContextError(t *testing.T, ctx context.Context, err error, prefix string) {
	t.Helper()
	require.ErrorIs(t, err, ctx.Err())
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		require.IsType(t, &TimeoutError{}, err)
	} else {
		require.IsType(t, &ClientError{}, err)
	}
	assert.Equal(t, prefix+": "+ctx.Err().Error(), err.Error())
}

func TestWaitOperationAttachesToAnExistingID(t *testing.T) {
	srv := newOpServer(t, st("running", 90, "Saving"), st("completed", 100, "Done"))
	c, _ := newOpCore(t, testOperationSettings(), srv)
	var rec progressRecorder

	got, err := waitOperation[opStatus](t.Context(), c, "op 7/../x", []OperationOption{WithProgress(rec.fn)})
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, 0, srv.count(http.MethodPost), "nothing is started")
	reqs := srv.got()
	require.Len(t, reqs, 2)
	assert.Equal(t, "/operations/op%207%2F..%2Fx", reqs[0].path, "the id is one escaped path segment")
	assert.Equal(t, []progressCall{{90, "Status: running - Saving"}}, rec.got())
}

func TestWaitOperationDotIDIsEscaped(t *testing.T) {
	srv := newOpServer(t, st("completed", 100, ""))
	c, _ := newOpCore(t, testOperationSettings(), srv)

	_, err := waitOperation[opStatus](t.Context(), c, "..", nil)
	require.NoError(t, err)
	assert.Equal(t, "/operations/%2E%2E", srv.got()[0].path)
}

func TestWaitOperationCancelSendsTheCancel(t *testing.T) {
	srv := newOpServer(t, st("running", 10, ""))
	c, _ := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()

	_, err := waitOperation[opStatus](ctx, c, "op-9", []OperationOption{WithProgress(func(float64, string) { cancel() })})
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "op-9", opErr.OperationID)
	assert.Equal(t, "cancelled", opErr.Status)
	reqs := srv.got()
	require.Len(t, reqs, 2)
	assert.Equal(t, opRequest{http.MethodDelete, "/operations/op-9", `{"reason": "cancelled by client"}`}, reqs[1])
}

func TestOperationRunnerRefusesWithoutProtocolOrID(t *testing.T) {
	srv := newOpServer(t, st("completed", 100, ""))
	s := testOperationSettings()
	s.operations = nil
	c, _ := newOpCore(t, s, srv)
	_, err := runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	var ce *ClientError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Message, "no operation protocol")

	c2, _ := newOpCore(t, testOperationSettings(), srv)
	_, err = waitOperation[opStatus](t.Context(), c2, "", nil)
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Message, "empty operation id")
	assert.Empty(t, srv.got())
}

func TestOperationStartOptionsReachTheStartRequestOnly(t *testing.T) {
	var mu sync.Mutex
	keys := map[string]string{}
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys[r.Method] = r.Header.Get("X-Trace")
		mu.Unlock()
		if r.Method == http.MethodPost {
			writeJSON(w, 200, `{"task_id": "op-1"}`)
			return
		}
		writeJSON(w, 200, st("completed", 100, ""))
	})
	defer srv.Close()
	c, err := newCore(testOperationSettings(), []Option{WithBaseURL(srv.URL), withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	defer c.close()

	_, err = runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithStartOptions(WithCallHeader("X-Trace", "abc"))})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, map[string]string{http.MethodPost: "abc", http.MethodGet: ""}, keys)
}
