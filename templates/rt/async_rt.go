package rt

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"sync/atomic"
)

// AsyncClient is the asynchronous client: every method starts the call in
// its own goroutine and returns a *Call at once. Each method runs exactly
// the synchronous method of the same name, so both flavours behave alike.
type AsyncClient struct {
	sync *Client
}

// newAsyncClient builds an AsyncClient from the catalog settings and the
// options; the generated NewAsyncClient calls it with catalogSettings().
func newAsyncClient(s settings, opts []Option) (*AsyncClient, error) {
	c, err := newClient(s, opts)
	if err != nil {
		return nil, err
	}
	return c.Async(), nil
}

// Close releases idle connections. The client stays usable.
func (a *AsyncClient) Close() error { return a.sync.Close() }

// Sync returns the synchronous client sharing this client's configuration
// and connections.
func (a *AsyncClient) Sync() *Client { return a.sync }

// HealthCheck starts Client.HealthCheck; the call's error is always nil.
func (a *AsyncClient) HealthCheck(ctx context.Context) *Call[bool] {
	return goCall(ctx, func(ctx context.Context) (bool, error) {
		return a.sync.HealthCheck(ctx), nil
	})
}

// Do starts Client.Do.
func (a *AsyncClient) Do(ctx context.Context, method, path string, query url.Values, body any, opts ...CallOption) *Call[json.RawMessage] {
	return goCall(ctx, func(ctx context.Context) (json.RawMessage, error) {
		return a.sync.Do(ctx, method, path, query, body, opts...)
	})
}

// Call is a call in flight. Its result is available once Done is closed.
// The call runs under the context it was started with; waiting does not
// change it.
type Call[T any] struct {
	_       [0]func()       // not comparable: no equality function is compiled per T
	ctx     context.Context // the call's context
	fn      func(context.Context) (T, error)
	started atomic.Bool  // fn has been claimed: by the call's goroutine, or by Wait
	ended   atomic.Bool  // value and err are set
	done    atomic.Value // chan struct{}, made by the first Done; closed when the call ends
	value   T
	err     error
}

// goCall starts fn(ctx) in a new goroutine, which ends when fn returns.
// When Wait is called before that goroutine has begun (the usual start
// then wait), the waiting goroutine runs fn itself, as the synchronous
// method would, and the new goroutine ends at once when it runs: the
// call pays no stack growth and no hand-over between goroutines.
func goCall[T any](ctx context.Context, fn func(context.Context) (T, error)) *Call[T] {
	c := &Call[T]{ctx: ctx, fn: fn}
	go c.start()
	return c
}

// start is the call's goroutine.
func (c *Call[T]) start() {
	if !c.started.CompareAndSwap(false, true) {
		return // Wait runs it
	}
	growStack(0)
	c.run()
}

// run runs the call and publishes its result. A call that panics (on the
// goroutine calling Wait, which may recover) ends with an error, never
// with a zero result and no error.
func (c *Call[T]) run() {
	returned := false
	defer func() {
		if !returned {
			c.err = &ClientError{Message: "the call panicked"}
		}
		c.end()
	}()
	c.value, c.err = c.fn(c.ctx)
	returned = true
}

// end publishes the result: it closes the Done channel, if one was made,
// and leaves the closed one for any later Done.
func (c *Call[T]) end() {
	c.fn = nil
	c.ended.Store(true)
	if ch, ok := c.done.Swap(closedCallDone).(chan struct{}); ok && ch != closedCallDone {
		close(ch)
	}
}

// closedCallDone is the Done channel of a call that ended before anyone
// asked for one; it is closed once and never changes.
var closedCallDone = func() chan struct{} {
	ch := make(chan struct{})
	close(ch)
	return ch
}()

// callStackBytes is about the stack a call needs: the client, net/http and
// the JSON decoder.
const callStackBytes = 5 << 10

// growStack grows a new goroutine's stack, which starts small, to fit a
// whole call at once, while it holds only this frame. Otherwise the stack
// grows deep in the call, where each growth copies every frame below.
// Only the size of its frame matters: called with 0, it touches nothing.
//
//go:noinline
func growStack(n int) byte {
	if n > 0 {
		var pad [callStackBytes]byte
		pad[n%len(pad)] = 1
		return pad[(n/2)%len(pad)]
	}
	return 0
}

// Done is closed when the call has ended.
func (c *Call[T]) Done() <-chan struct{} {
	if ch, ok := c.done.Load().(chan struct{}); ok {
		return ch
	}
	ch := make(chan struct{})
	if c.done.CompareAndSwap(nil, ch) {
		return ch
	}
	return c.done.Load().(chan struct{}) // made by another Done, or the call ended
}

// Wait blocks until the call ends and returns its result: exactly what the
// synchronous method returns. When ctx ends first, there are two cases:
//
//   - the call's own context has ended too (ctx is the context the call
//     was started with, or one derived from it or from which it derives):
//     the call is ending, and Wait waits for it, so that an ended context
//     gives the same error in both flavours (a *ClientError matching
//     context.Canceled, or a *TimeoutError matching
//     context.DeadlineExceeded);
//   - only the waiting ends: Wait returns at once a *ClientError matching
//     ctx's error (a *TimeoutError matching ErrTimeout and
//     context.DeadlineExceeded when ctx's deadline passed) that says the
//     call goes on, under its own context; Wait may be called again.
//
// A call whose goroutine has not begun when Wait is called, with a ctx
// that never ends or ends exactly with the call's own context, runs on the
// goroutine calling Wait: nothing a caller can observe changes, and the
// call costs about what the synchronous method costs.
func (c *Call[T]) Wait(ctx context.Context) (T, error) {
	if c.ended.Load() {
		return c.value, c.err
	}
	// A call not begun yet is run here when waiting can only end with the
	// call: ctx never ends, or ends exactly when the call's context does.
	if done := ctx.Done(); (done == nil || done == c.ctx.Done()) && c.started.CompareAndSwap(false, true) {
		c.run()
		return c.value, c.err
	}
	select {
	case <-c.Done():
		return c.value, c.err
	case <-ctx.Done():
	}
	if endedWith(ctx, c.ctx) {
		<-c.Done()
		return c.value, c.err
	}
	var zero T
	return zero, callerContextError(ctx, "stopped waiting for the call, which goes on under its own context")
}

// endedWith reports, once wait has ended, whether one of runs has ended
// too. A context that is cancelled records its error, closes its Done
// channel, then cancels the contexts derived from it, all under its lock;
// context.Cause takes that lock, so that once it returns, a run derived
// from wait has ended as well.
func endedWith(wait context.Context, runs ...context.Context) bool {
	_ = context.Cause(wait)
	for _, r := range runs {
		if r.Err() != nil {
			return true
		}
	}
	return false
}

// callerContextError is the error of a caller's context that has ended,
// its message led by prefix: a *TimeoutError matching
// context.DeadlineExceeded for a deadline, else a *ClientError matching the
// context's error. It is nil while ctx has not ended.
func callerContextError(ctx context.Context, prefix string) error {
	err := ctx.Err()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return &TimeoutError{ClientError: ClientError{Message: prefix + ": context deadline exceeded", Err: err}}
	}
	return &ClientError{Message: prefix + ": " + err.Error(), Err: err}
}
