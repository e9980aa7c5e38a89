package rt

import (
	"context"
	"sync"
)

// Operation is a long-running operation followed in the background, as
// returned by the asynchronous client. One goroutine starts (or attaches
// to) the operation and polls it; it ends when the operation reaches a
// terminal status, when the run fails, or when the run is cancelled
// (Cancel, or the end of the context the run was started with), after the
// cancel request, if any, was sent.
type Operation[T any] struct {
	start  context.Context // the context the run was started with
	run    context.Context // the run's: start's, ended by Cancel too
	cancel context.CancelFunc
	done   chan struct{}

	mu    sync.Mutex
	state OperationState

	// Written once before done is closed.
	result *T
	err    error
}

// startOperation starts the operation with the start request and returns
// its handle at once; the run is the one of runOperation.
func startOperation[T any](ctx context.Context, c *core, start *request, spec startSpec, opts []OperationOption) *Operation[T] {
	return goOperation[T](ctx, "", func(ctx context.Context, observe func(OperationState)) (*T, error) {
		return runOperationObserved[T](ctx, c, start, "", spec, opts, observe)
	})
}

// resumeOperation attaches to the existing operation id and returns its
// handle at once; the run is the one of waitOperation.
func resumeOperation[T any](ctx context.Context, c *core, id string, opts []OperationOption) *Operation[T] {
	return goOperation[T](ctx, id, func(ctx context.Context, observe func(OperationState)) (*T, error) {
		return runOperationObserved[T](ctx, c, nil, id, startSpec{}, opts, observe)
	})
}

// goOperation runs fn in one goroutine under a cancellable child of ctx.
func goOperation[T any](ctx context.Context, id string, fn func(context.Context, func(OperationState)) (*T, error)) *Operation[T] {
	run, cancel := context.WithCancel(ctx)
	op := &Operation[T]{start: ctx, run: run, cancel: cancel, done: make(chan struct{}), state: OperationState{ID: id}}
	go func() {
		defer close(op.done)
		defer cancel()
		op.result, op.err = fn(run, op.setState)
	}()
	return op
}

// setState records the latest state.
func (o *Operation[T]) setState(s OperationState) {
	o.mu.Lock()
	o.state = s
	o.mu.Unlock()
}

// ID returns the operation id, "" until the start request has returned.
func (o *Operation[T]) ID() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.state.ID
}

// State returns the latest state the server reported.
func (o *Operation[T]) State() OperationState {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.state
}

// Done is closed when the run has ended.
func (o *Operation[T]) Done() <-chan struct{} { return o.done }

// Wait blocks until the run ends and returns the final status response, or
// the run's error (an *OperationError once the id is known): exactly what
// the synchronous XAndWait or WaitForOperation returns. When ctx ends
// first, there are two cases:
//
//   - the run's context has ended too (ctx is the context the run was
//     started with, or one derived from it or from which it derives, or
//     Cancel was called): the run is stopping, and Wait waits for it, so
//     that it returns only once the cancel request has been answered or
//     its cancel timeout spent (or, while the start request is in flight,
//     once it has answered or its grace has passed). The README's Ctrl-C
//     idiom, one signal.NotifyContext for both the start and Wait, thus
//     gives the *OperationError of status "cancelled" that XAndWait gives;
//   - only the waiting ends: Wait returns at once a *ClientError matching
//     ctx's error (a *TimeoutError matching ErrTimeout and
//     context.DeadlineExceeded when ctx's deadline passed) that says the
//     operation keeps running; nothing is sent, the run goes on, and Wait
//     may be called again. Use Cancel to stop it.
func (o *Operation[T]) Wait(ctx context.Context) (*T, error) {
	select {
	case <-o.done:
		return o.result, o.err
	default:
	}
	select {
	case <-o.done:
		return o.result, o.err
	case <-ctx.Done():
	}
	if endedWith(ctx, o.start, o.run) {
		<-o.done
		return o.result, o.err
	}
	what := "the operation, whose start request is in flight,"
	if id := o.ID(); id != "" {
		what = "operation " + id + ","
	}
	return nil, callerContextError(ctx, "stopped waiting for "+what+" which keeps running")
}

// Cancel stops the run as if its context had been cancelled: unless the run
// is detached, the runner sends the cancel request once, and Wait then
// returns an *OperationError of status "cancelled" (or "detached"). While
// the start request is still in flight no id is known yet: the start is
// abandoned and Wait returns its error. Cancel does not wait; it does
// nothing once the run has ended.
func (o *Operation[T]) Cancel() { o.cancel() }
