package rt

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// okTransport answers every request with 200 and a small JSON body from
// memory, taking no lock, so that a mutex profile of calls through it
// shows only the client's own locks.
type okTransport struct{}

func (okTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(`{"id":"a"}`)),
		ContentLength: 10,
		Request:       req,
	}, nil
}

// rtContention returns, per stack, the contention events of the mutex
// profile on a lock of package sync (a Mutex, RWMutex…; not the
// runtime's own locks, which the garbage collector takes) whose stack
// runs through this package's non-test code.
func rtContention(t *testing.T) map[[32]uintptr]int64 {
	t.Helper()
	var recs []runtime.BlockProfileRecord
	for n := 64; ; n *= 2 {
		recs = make([]runtime.BlockProfileRecord, n)
		got, ok := runtime.MutexProfile(recs)
		if ok {
			recs = recs[:got]
			break
		}
	}
	pkg := rtPackage()
	events := map[[32]uintptr]int64{}
	for _, r := range recs {
		frames := runtime.CallersFrames(r.Stack())
		var syncLock, client bool
		for {
			f, more := frames.Next()
			syncLock = syncLock || strings.HasPrefix(f.Function, "sync.") && strings.Contains(f.Function, "Mutex).")
			client = client || strings.HasPrefix(f.Function, pkg) && !strings.HasSuffix(f.File, "_test.go")
			if !more {
				break
			}
		}
		if syncLock && client {
			events[r.Stack0] += r.Count
		}
	}
	return events
}

// stackText is the functions of a profile stack, innermost first.
func stackText(stk [32]uintptr) string {
	var b strings.Builder
	n := 0
	for n < len(stk) && stk[n] != 0 {
		n++
	}
	frames := runtime.CallersFrames(stk[:n])
	for {
		f, more := frames.Next()
		b.WriteString("  " + f.Function + "\n")
		if !more {
			return b.String()
		}
	}
}

// rtPackage is this package's import path followed by a dot, as the
// runtime prefixes its function names.
func rtPackage() string {
	pc, _, _, _ := runtime.Caller(0)
	name := runtime.FuncForPC(pc).Name() // ….rtPackage
	return strings.TrimSuffix(name, "rtPackage")
}

// TestSuccessPathTakesNoLock runs 64 goroutines returning tokens to a full
// retry budget, then 64 goroutines of successful calls on one client with
// that budget (sync, then async), and fails when the mutex profile records
// one contention event on a stack through the client: the success path
// shares no lock between calls.
func TestSuccessPathTakesNoLock(t *testing.T) {
	s := testSettings()
	s.retry.budget = retryBudgetSettings{capacity: 500, retryCost: 5, timeoutCost: 10, refill: 1}
	c := newTestClient(t, s, "http://api.test", WithHTTPClient(&http.Client{Transport: okTransport{}}))
	ctx := context.Background()
	const calls = 200

	prev := runtime.SetMutexProfileFraction(1)
	defer runtime.SetMutexProfileFraction(prev)
	var wg sync.WaitGroup
	contended := func(what string, run func()) {
		t.Helper()
		before := rtContention(t)
		for range 64 {
			wg.Go(run)
		}
		wg.Wait()
		var events int64
		var where []string
		for stk, n := range rtContention(t) {
			if d := n - before[stk]; d > 0 {
				events += d
				where = append(where, stackText(stk))
			}
		}
		assert.Zero(t, events, "contention events on the client's locks during %s, at:\n%s", what, strings.Join(where, "\n"))
	}

	// The budget alone, in a tight loop: a lock would be contended
	// thousands of times.
	contended("64 × 20,000 successes returned to the budget", func() {
		for range 20000 {
			c.core.budget.success()
		}
	})
	// Whole calls, both flavours.
	contended(fmt.Sprintf("64 × %d successful sync calls", calls), func() {
		for range calls {
			if _, err := c.Do(ctx, http.MethodGet, "/items", nil, nil); err != nil {
				t.Error(err)
				return
			}
		}
	})
	a := c.Async()
	contended(fmt.Sprintf("64 × %d successful async calls", calls), func() {
		for range calls {
			if _, err := a.Do(ctx, http.MethodGet, "/items", nil, nil).Wait(ctx); err != nil {
				t.Error(err)
				return
			}
		}
	})
	assert.Equal(t, 500, c.core.budget.available(), "a full budget stays full")
}

// TestRetryBudgetBoundsConcurrentRetries: goroutines taking and returning
// tokens at once never spend more than the bucket held plus what the
// successes returned, and the bucket never leaves [0, capacity].
func TestRetryBudgetBoundsConcurrentRetries(t *testing.T) {
	s := testSettings()
	s.retry.budget = retryBudgetSettings{capacity: 100, retryCost: 5, timeoutCost: 10, refill: 1}
	c, err := newCore(s, []Option{withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	b := c.budget

	// Only takes: exactly capacity / cost of them succeed.
	var taken atomic.Int64
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for range 10 {
				if b.take(false) {
					taken.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int64(20), taken.Load(), "100 tokens pay for 20 retries of cost 5")
	assert.Equal(t, 0, b.available())

	// Only successes: the bucket fills up to its capacity, never above.
	for range 64 {
		wg.Go(func() {
			for range 10 {
				b.success()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 100, b.available())

	// Both at once: every retry was paid for.
	taken.Store(0)
	var successes, timeouts atomic.Int64
	for g := range 64 {
		wg.Go(func() {
			for i := range 50 {
				switch (g + i) % 3 {
				case 0:
					b.success()
					successes.Add(1)
				case 1:
					if b.take(false) {
						taken.Add(5)
					}
				default:
					if b.take(true) {
						timeouts.Add(1)
						taken.Add(10)
					}
				}
				if n := b.available(); n < 0 || n > 100 {
					t.Errorf("budget holds %d tokens, outside [0, 100]", n)
				}
			}
		})
	}
	wg.Wait()
	// Tokens are conserved: what is left is the full bucket, minus what
	// was spent, plus what the successes returned (at most one each; less
	// when the bucket was full).
	spent := taken.Load()
	returned := int64(b.available()) - 100 + spent
	assert.GreaterOrEqual(t, returned, int64(0))
	assert.LessOrEqual(t, returned, successes.Load(), "tokens spent: at most the full bucket plus one per success")
	assert.Positive(t, timeouts.Load()+spent, "some retries were paid for")
}
