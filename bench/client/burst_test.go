package client

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatedTransport holds every request until the gate opens, so that all the
// calls of a burst are in flight at once.
type gatedTransport struct {
	next    http.RoundTripper
	arrived sync.WaitGroup
	gate    chan struct{}
}

func (t *gatedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.arrived.Done()
	select {
	case <-t.gate:
	case <-req.Context().Done():
		return nil, req.Context().Err()
	}
	return t.next.RoundTrip(req)
}

// burstCalls is the size of the burst of TestAsyncBurst.
const burstCalls = 10_000

// maxInFlightBytes bounds the memory (heap and goroutine stacks) one call
// holds while it waits for its response. Measured: about 11 KiB, most of
// it the goroutine's stack.
const maxInFlightBytes = 32 << 10

// TestAsyncBurst starts 10,000 async calls through the in-memory
// transport, holds them all in flight, then lets them complete. Memory in
// flight must stay within maxInFlightBytes a call, every call must succeed,
// and afterwards no goroutine may be left and the heap must be back where it
// was. The burst runs twice and the second is measured: the Go runtime keeps
// the descriptors of ended goroutines for reuse, so the first burst grows
// the heap by that cache, which is not the client's memory.
func TestAsyncBurst(t *testing.T) {
	for _, round := range []string{"warm-up", "measured"} {
		before, inFlight, after := burst(t)
		perCall := (int64(inFlight) - int64(before)) / burstCalls
		grown := int64(after) - int64(before)
		t.Logf("%s: %d calls in flight: %d B of heap and stacks a call; %d B more after the burst", round, burstCalls, perCall, grown)
		if round == "warm-up" {
			continue
		}
		assert.LessOrEqual(t, perCall, int64(maxInFlightBytes), "memory held by one call in flight")
		assert.Less(t, grown, int64(1<<20), "heap and stacks grew by %d B after the burst ended", grown)
	}
}

// burst runs one burst of burstCalls async calls and returns the heap and
// stack memory in use before, while all calls are in flight, and after.
func burst(t *testing.T) (before, inFlight, after uint64) {
	ctx := context.Background()
	gt := &gatedTransport{next: newMemTransport(), gate: make(chan struct{})}
	c, err := NewAsyncClient(WithBaseURL("http://things.invalid/api/v1"), WithHTTPClient(&http.Client{Transport: gt}))
	require.NoError(t, err)
	defer c.Close()

	goroutinesBefore := runtime.NumGoroutine()
	before = memInUse()

	gt.arrived.Add(burstCalls)
	calls := make([]*Call[*Thing], burstCalls)
	for i := range calls {
		calls[i] = c.GetThing(ctx, thingID)
	}
	gt.arrived.Wait() // every call is in RoundTrip now
	inFlight = memInUse()
	goroutinesInFlight := runtime.NumGoroutine()
	close(gt.gate)

	want := wantThing()
	for i, call := range calls {
		got, err := call.Wait(ctx)
		require.NoError(t, err, "call %d", i)
		if i == 0 {
			assert.Equal(t, want, *got)
		}
	}
	calls = nil
	assert.GreaterOrEqual(t, goroutinesInFlight-goroutinesBefore, burstCalls, "the calls were not all in flight at once")
	require.True(t, goroutinesSettle(goroutinesBefore, 10*time.Second), "goroutines left after the burst: %d, before: %d",
		runtime.NumGoroutine(), goroutinesBefore)
	// What the ended calls held goes back over the next collections (the
	// stacks of ended goroutines are freed by a collection's mark phase,
	// and a loaded machine may leave a sweep unfinished): the least of a
	// few collections is what the burst left behind.
	after = memInUse()
	for range 4 {
		after = min(after, memInUse())
	}
	return before, inFlight, after
}

// memInUse is the heap and stack memory in use after a collection.
func memInUse() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse + ms.StackInuse
}

// goroutinesSettle yields until at most want goroutines are left, for at
// most limit; it reports whether they settled.
func goroutinesSettle(want int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for runtime.NumGoroutine() > want {
		if time.Now().After(deadline) {
			return false
		}
		runtime.Gosched()
	}
	return true
}
