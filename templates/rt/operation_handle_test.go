package rt

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// verifyNoLeaks checks, after every other cleanup of t (servers and
// clients closed), that the test left no goroutine behind.
func verifyNoLeaks(t *testing.T) {
	t.Helper()
	ignore := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, ignore) })
}

// waitDone fails the test when done is not closed in time. The timeout
// only guards against a hang; nothing is timed by it.
func waitDone(t *testing.T, done <-chan struct{}) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the operation did not end")
	}
}

func TestOperationHandleIDIsEmptyUntilTheStartReturns(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 40, "Epoch 2/5"), st("completed", 100, "Done"))
	srv.startGate = make(chan struct{})
	c, _ := newOpCore(t, testOperationSettings(), srv)

	op := startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	assert.Equal(t, "", op.ID(), "the start request has not returned")
	assert.Equal(t, OperationState{}, op.State())
	select {
	case <-op.Done():
		t.Fatal("done before the start returned")
	default:
	}
	close(srv.startGate)

	got, err := op.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, "op-1", op.ID())
	assert.Equal(t, OperationState{ID: "op-1", Status: "completed", Percentage: 100, Step: "Done"}, op.State())
	waitDone(t, op.Done())
	again, err := op.Wait(t.Context())
	require.NoError(t, err)
	assert.Same(t, got, again, "Wait may be called again")
}

func TestOperationHandleStateFollowsTheServer(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 40, "Epoch 2/5"), st("completed", 100, "Done"))
	c, tm := newOpCore(t, testOperationSettings(), srv)
	paused, resume := make(chan struct{}), make(chan struct{})
	tm.Hook = func(ctx context.Context, n int) error {
		if n == 1 {
			close(paused)
			<-resume
		}
		return ctx.Err()
	}
	var rec progressRecorder

	op := startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, []OperationOption{WithProgress(rec.fn)})
	<-paused
	assert.Equal(t, OperationState{ID: "op-1", Status: "running", Percentage: 40, Step: "Epoch 2/5"}, op.State())
	assert.Equal(t, "op-1", op.ID())
	assert.Equal(t, []progressCall{{40, "Status: running - Epoch 2/5"}}, rec.got(), "progress is reported by the handle's run too")
	close(resume)

	_, err := op.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "completed", op.State().Status)
}

func TestOperationHandleCancelSendsTheCancelOnce(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 10, "Epoch 1/5"))
	srv.startBody = `{"success": true, "task_id": "train-7"}`
	c, tm := newOpCore(t, testOperationSettings(), srv)
	tm.Hook = func(ctx context.Context, _ int) error { <-ctx.Done(); return ctx.Err() } // waits until cancelled
	polled := make(chan struct{})
	var once sync.Once

	op := startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec,
		[]OperationOption{WithProgress(func(float64, string) { once.Do(func() { close(polled) }) })})
	<-polled
	op.Cancel()
	got, err := op.Wait(t.Context())
	op.Cancel() // after the end: nothing happens

	assert.Nil(t, got)
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "train-7", opErr.OperationID)
	assert.Equal(t, "cancelled", opErr.Status)
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, srv.count(http.MethodGet))
	assert.Equal(t, 1, srv.count(http.MethodDelete))
	assert.Equal(t, opRequest{http.MethodDelete, "/operations/train-7", `{"reason": "cancelled by client"}`}, srv.got()[2])
}

func TestOperationHandleEndsWithItsContext(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 10, ""))
	c, tm := newOpCore(t, testOperationSettings(), srv)
	tm.Hook = func(ctx context.Context, _ int) error { <-ctx.Done(); return ctx.Err() }
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	polled := make(chan struct{})
	var once sync.Once

	op := startOperation[opStatus](ctx, c, trainingReq(), trainingSpec,
		[]OperationOption{WithProgress(func(float64, string) { once.Do(func() { close(polled) }) })})
	<-polled
	cancel()
	waitDone(t, op.Done())

	_, err := op.Wait(t.Context())
	assert.ErrorIs(t, err, ErrOperationCancelled)
	assert.Equal(t, 1, srv.count(http.MethodDelete))
}

func TestOperationHandleWaitContextOnlyBoundsTheWait(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 10, ""), st("completed", 100, ""))
	c, tm := newOpCore(t, testOperationSettings(), srv)
	paused, resume := make(chan struct{}), make(chan struct{})
	tm.Hook = func(ctx context.Context, n int) error {
		if n == 1 {
			close(paused)
			<-resume
		}
		return ctx.Err()
	}

	op := startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	<-paused
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	got, err := op.Wait(ended)
	assert.Nil(t, got)
	require.IsType(t, &ClientError{}, err, "Wait gives up, the run goes on")
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, "stopped waiting for operation op-1, which keeps running: context canceled", err.Error())
	past, stop := context.WithDeadline(t.Context(), time.Now().Add(-time.Second))
	defer stop()
	got, err = op.Wait(past)
	assert.Nil(t, got)
	var te *TimeoutError
	require.ErrorAs(t, err, &te)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrTimeout)
	assert.Equal(t, "stopped waiting for operation op-1, which keeps running: context deadline exceeded", err.Error())
	close(resume)

	got, err = op.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

func TestOperationHandleStartFailure(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("completed", 100, ""))
	srv.startStatus = http.StatusUnprocessableEntity
	srv.startBody = `{"detail": "strategy_name is required"}`
	c, _ := newOpCore(t, testOperationSettings(), srv)

	op := startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	_, err := op.Wait(t.Context())
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Equal(t, "", op.ID())
	assert.Equal(t, 0, srv.count(http.MethodGet))
}

func TestResumeOperationHandle(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("resuming", 70, "Loading checkpoint"), st("completed", 100, "Done"))
	c, _ := newOpCore(t, testOperationSettings(), srv)

	op := resumeOperation[opStatus](t.Context(), c, "op-5", nil)
	assert.Equal(t, "op-5", op.ID(), "known at once")
	got, err := op.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
	assert.Equal(t, []opRequest{{http.MethodGet, "/operations/op-5", ""}, {http.MethodGet, "/operations/op-5", ""}}, srv.got())
}

func TestResumeOperationHandleDetached(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 10, ""))
	c, tm := newOpCore(t, testOperationSettings(), srv)
	tm.Hook = func(ctx context.Context, _ int) error { <-ctx.Done(); return ctx.Err() }
	polled := make(chan struct{})
	var once sync.Once

	op := resumeOperation[opStatus](t.Context(), c, "op-5", []OperationOption{
		WithDetach(true), WithProgress(func(float64, string) { once.Do(func() { close(polled) }) }),
	})
	<-polled
	op.Cancel()
	_, err := op.Wait(t.Context())
	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "detached", opErr.Status)
	assert.Equal(t, "op-5", opErr.OperationID)
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

// TestOperationFlavoursBehaveAlike runs the same scripts through the
// blocking runner and the handle and compares everything observable.
func TestOperationFlavoursBehaveAlike(t *testing.T) {
	verifyNoLeaks(t)
	scripts := map[string][]string{
		"completed":  {st("pending", 0, ""), st("running", 50, "Half"), st("completed", 100, "Done")},
		"failed":     {st("running", 50, "Half"), `{"success": true, "data": {"status": "failed", "error_message": "boom"}}`},
		"unexpected": {st("weird", 0, "")},
		"not ready":  {`{"success": false}`, `{"success": false}`, st("completed", 100, "")},
	}
	type outcome struct {
		result   *opStatus
		errText  string
		errType  string
		progress []progressCall
		requests []opRequest
		delays   []time.Duration
	}
	run := func(t *testing.T, script []string, async bool) outcome {
		srv := newOpServer(t, script...)
		c, tm := newOpCore(t, testOperationSettings(), srv)
		var rec progressRecorder
		opts := []OperationOption{WithProgress(rec.fn)}
		var got *opStatus
		var err error
		if async {
			got, err = startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, opts).Wait(t.Context())
		} else {
			got, err = runOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, opts)
		}
		o := outcome{result: got, progress: rec.got(), requests: srv.got(), delays: tm.Sleeps()}
		if err != nil {
			o.errText = err.Error()
			var opErr *OperationError
			if errors.As(err, &opErr) {
				o.errType = opErr.Status + " " + opErr.OperationID
			}
		}
		return o
	}
	for name, script := range scripts {
		t.Run(name, func(t *testing.T) {
			syncOut, asyncOut := run(t, script, false), run(t, script, true)
			assert.Equal(t, syncOut, asyncOut)
			assert.NotEmpty(t, syncOut.requests)
		})
	}
}

// A caller who cancels while the start request is in flight still gets the
// operation cancelled on the server: the run waits (up to the cancel
// timeout) for the start response, which names the operation, then sends
// the cancel once.
func TestOperationCancelDuringTheStartCancelsTheStartedOperation(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 10, "Epoch 1/5"))
	srv.startBody = `{"success": true, "task_id": "train-7"}`
	srv.startGate = make(chan struct{})
	c, _ := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())

	op := startOperation[opStatus](ctx, c, trainingReq(), trainingSpec, nil)
	for srv.count(http.MethodPost) == 0 {
		runtime.Gosched() // the start request has not reached the server yet
	}
	cancel()
	close(srv.startGate) // the server answers after the caller cancelled
	_, err := op.Wait(t.Context())

	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "cancelled", opErr.Status)
	assert.Equal(t, "train-7", opErr.OperationID)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, []opRequest{
		{http.MethodPost, "/trainings/start", `{"strategy_name":"momentum","symbols":["AAPL"]}`},
		{http.MethodDelete, "/operations/train-7", `{"reason": "cancelled by client"}`},
	}, srv.got(), "no poll; the cancel goes to the id from the late start response")
	assert.Equal(t, "train-7", op.ID())
}

// Detached, the same run sends nothing but reports the id, so the
// operation can be resumed.
func TestOperationCancelDuringTheStartDetachedReportsTheID(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("running", 10, "Epoch 1/5"))
	srv.startBody = `{"success": true, "task_id": "train-8"}`
	srv.startGate = make(chan struct{})
	c, _ := newOpCore(t, testOperationSettings(), srv)
	ctx, cancel := context.WithCancel(t.Context())

	op := startOperation[opStatus](ctx, c, trainingReq(), trainingSpec, []OperationOption{WithDetach(true)})
	for srv.count(http.MethodPost) == 0 {
		runtime.Gosched()
	}
	cancel()
	close(srv.startGate)
	_, err := op.Wait(t.Context())

	var opErr *OperationError
	require.ErrorAs(t, err, &opErr)
	assert.Equal(t, "detached", opErr.Status)
	assert.Equal(t, "train-8", opErr.OperationID)
	assert.Equal(t, 0, srv.count(http.MethodDelete))
}

// While the start request is in flight, giving up waiting says so; the
// start goes on.
func TestOperationHandleWaitGivesUpDuringTheStart(t *testing.T) {
	verifyNoLeaks(t)
	srv := newOpServer(t, st("completed", 100, "Done"))
	srv.startGate = make(chan struct{})
	c, _ := newOpCore(t, testOperationSettings(), srv)

	op := startOperation[opStatus](t.Context(), c, trainingReq(), trainingSpec, nil)
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := op.Wait(ended)
	require.IsType(t, &ClientError{}, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, "stopped waiting for the operation, whose start request is in flight, which keeps running: context canceled", err.Error())
	close(srv.startGate)
	got, err := op.Wait(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Data.Status)
}

// When the context given to Wait is the run's (the same, one derived from
// it, or one it derives from), or when Cancel was called, Wait returns the
// run's own end: the *OperationError that the synchronous adapter gives,
// once the cancel request has been answered.
func TestOperationHandleWaitWaitsForTheCancelOfItsRun(t *testing.T) {
	for _, tc := range []string{"same", "derived", "ancestor", "Cancel"} {
		t.Run(tc, func(t *testing.T) {
			verifyNoLeaks(t)
			srv := newOpServer(t, st("running", 10, ""))
			cancelSeen := make(chan struct{})
			c, tm := newOpCore(t, testOperationSettings(), srv)
			parent, cancelParent := context.WithCancel(t.Context())
			defer cancelParent()
			startCtx, waitCtx := parent, parent
			switch tc {
			case "derived":
				var stop context.CancelFunc
				waitCtx, stop = context.WithCancel(parent)
				defer stop()
			case "ancestor":
				var stop context.CancelFunc
				startCtx, stop = context.WithCancel(parent)
				defer stop()
			}
			handle := make(chan *Operation[opStatus], 1)
			tm.Hook = func(ctx context.Context, n int) error {
				if n == 1 {
					if tc == "Cancel" {
						(<-handle).Cancel()
					} else {
						cancelParent()
					}
				}
				return ctx.Err()
			}
			srv.onCancel = func() { close(cancelSeen) }
			op := startOperation[opStatus](startCtx, c, trainingReq(), trainingSpec, nil)
			handle <- op
			if tc == "Cancel" {
				waitCtx = op.run // the run's own context, ended by Cancel
			}
			_, err := op.Wait(waitCtx)
			select {
			case <-cancelSeen:
			default:
				t.Fatal("Wait returned before the cancel request reached the server")
			}
			var opErr *OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "cancelled", opErr.Status)
			assert.Equal(t, "op-1", opErr.OperationID)
			assert.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, 1, srv.count(http.MethodDelete))
		})
	}
}
