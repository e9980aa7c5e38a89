package rt

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// notStarted is a call as goCall makes it, before its goroutine has begun
// (the test runs that goroutine's start itself), and the count of runs.
func notStarted(ctx context.Context) (*Call[int], *atomic.Int32) {
	runs := new(atomic.Int32)
	return &Call[int]{ctx: ctx, fn: func(context.Context) (int, error) {
		runs.Add(1)
		return 42, nil
	}}, runs
}

// A Wait that can only end with the call runs a call not begun yet on the
// waiting goroutine; the call's goroutine, when it runs, does nothing.
func TestCallWaitRunsACallNotBegun(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	type key struct{}
	for name, tc := range map[string]struct{ call, wait context.Context }{
		"never ends":        {parent, context.Background()},
		"the same context":  {parent, parent},
		"the same Done":     {parent, context.WithValue(parent, key{}, 1)},
		"background, twice": {context.Background(), context.Background()},
	} {
		t.Run(name, func(t *testing.T) {
			c, runs := notStarted(tc.call)
			v, err := c.Wait(tc.wait)
			require.NoError(t, err)
			assert.Equal(t, 42, v)
			assert.Equal(t, int32(1), runs.Load())
			select {
			case <-c.Done():
			default:
				t.Fatal("Done is open after Wait returned the result")
			}
			c.start() // the call's goroutine, late
			assert.Equal(t, int32(1), runs.Load(), "the call ran twice")
			v, err = c.Wait(context.Background())
			require.NoError(t, err)
			assert.Equal(t, 42, v)
		})
	}
}

// A Wait whose context may end before the call's does not run the call:
// it must be able to stop waiting while the call goes on.
func TestCallWaitLeavesTheCallToItsGoroutine(t *testing.T) {
	c, runs := notStarted(context.Background())
	waitCtx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Wait(waitCtx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "stopped waiting for the call")
	assert.Zero(t, runs.Load(), "Wait ran the call")

	done := c.Done()
	c.start()
	<-done
	assert.Equal(t, int32(1), runs.Load())
	v, err := c.Wait(waitCtx)
	require.NoError(t, err)
	assert.Equal(t, 42, v)
}

// Done made before the call ends is closed when it ends; Done asked for
// after the end is closed already; both are the same for every caller.
func TestCallDoneMadeOnDemand(t *testing.T) {
	c, _ := notStarted(context.Background())
	d1, d2 := c.Done(), c.Done()
	assert.Equal(t, d1, d2)
	c.start()
	<-d1
	late, _ := notStarted(context.Background())
	late.start()
	select {
	case <-late.Done():
	default:
		t.Fatal("Done of an ended call is open")
	}
}

// A call that panics while Wait runs it panics in Wait's goroutine; once
// recovered, the call has ended with an error, not with a zero result.
func TestCallWaitPanicEndsTheCallWithAnError(t *testing.T) {
	c := &Call[int]{ctx: context.Background(), fn: func(context.Context) (int, error) { panic("boom") }}
	assert.PanicsWithValue(t, "boom", func() { _, _ = c.Wait(context.Background()) })
	<-c.Done()
	_, err := c.Wait(context.Background())
	var ce *ClientError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "the call panicked", err.Error())
	c.start()
}
