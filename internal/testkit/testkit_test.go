package testkit

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// The in-memory server answers, records and dates requests on the
// bubble's clock.
func TestMemServerRecordsAndDates(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := NewMemStepServer(t, Reply(503, `{"n":1}`, "X-A", "b"), Reply(200, `{"n":2}`))
		hc := srv.Client()
		for i, want := range []int{503, 200} {
			if i > 0 {
				time.Sleep(1500 * time.Millisecond) // the bubble's clock: no real wait
			}
			req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"/x?q=1", http.NoBody)
			require.NoError(t, err)
			resp, err := hc.Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, resp.Body)
			require.NoError(t, resp.Body.Close())
			assert.Equal(t, want, resp.StatusCode)
		}
		assert.Equal(t, []string{"POST /x?q=1", "POST /x?q=1"}, srv.Paths())
		assert.Equal(t, []time.Duration{1500 * time.Millisecond}, srv.Gaps())
	})
}

// A canceled request fails while the handler hangs, before the headers
// and in the middle of the body, as a real transport does.
func TestMemServerCancel(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := NewMemStepServer(t, Hang(), SlowBody(`{"partial":`))
		hc := srv.Client()

		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		_, err = hc.Do(req)
		assert.True(t, errors.Is(err, context.DeadlineExceeded), "%v", err)

		ctx2, cancel2 := context.WithTimeout(t.Context(), time.Second)
		defer cancel2()
		req, err = http.NewRequestWithContext(ctx2, http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		resp, err := hc.Do(req)
		require.NoError(t, err)
		b, err := io.ReadAll(resp.Body)
		assert.Equal(t, `{"partial":`, string(b))
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		require.NoError(t, resp.Body.Close())
	})
}

// The fake clock records sleeps, advances and runs its hook.
func TestClock(t *testing.T) {
	c := NewClock()
	c.Hook = func(ctx context.Context, n int) error {
		if n == 2 {
			return errors.New("stop")
		}
		return ctx.Err()
	}
	require.NoError(t, c.Sleep(t.Context(), time.Second))
	require.EqualError(t, c.Sleep(t.Context(), 2*time.Second), "stop")
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second}, c.Sleeps())
	assert.Equal(t, 3*time.Second, c.Elapsed())
	assert.Equal(t, Epoch.Add(3*time.Second), c.Now())
}
