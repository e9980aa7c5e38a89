package rt

import (
	"context"
	"encoding/json"
	"net/url"
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
	done  chan struct{}
	value T
	err   error
}

// goCall runs fn(ctx) in one goroutine that ends when fn returns.
func goCall[T any](ctx context.Context, fn func(context.Context) (T, error)) *Call[T] {
	c := &Call[T]{done: make(chan struct{})}
	go func() {
		defer close(c.done)
		growStack(0)
		c.value, c.err = fn(ctx)
	}()
	return c
}

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
func (c *Call[T]) Done() <-chan struct{} { return c.done }

// Wait blocks until the call ends and returns its result, or returns
// ctx.Err() when ctx ends first; the call itself goes on under its own
// context, and Wait may be called again.
func (c *Call[T]) Wait(ctx context.Context) (T, error) {
	select {
	case <-c.done:
		return c.value, c.err
	default:
	}
	select {
	case <-c.done:
		return c.value, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}
