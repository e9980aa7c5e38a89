package rt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHealthCheck(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   bool
	}{
		{"200 JSON", 200, `{"status":"ok"}`, true},
		{"204", 204, ``, true},
		{"200 not JSON", 200, `OK`, true},
		{"500", 500, `{"detail":"down"}`, false},
		{"503", 503, ``, false},
		{"404", 404, `{"detail":"no"}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				assert.Equal(t, "/api/v1/health", r.URL.Path)
				assert.Equal(t, http.MethodGet, r.Method)
				writeJSON(w, tt.status, tt.body)
			})
			c := newTestClient(t, testSettings(), srv.URL+"/api/v1")
			assert.Equal(t, tt.want, c.HealthCheck(context.Background()))
			assert.Equal(t, 1, srv.Count(), "never retried")
			assert.Empty(t, c.clock.Sleeps())
		})
	}
}

func TestHealthCheckUnreachable(t *testing.T) {
	c := newTestClient(t, testSettings(), closedURL(t))
	assert.False(t, c.HealthCheck(context.Background()))
	assert.Empty(t, c.clock.Sleeps(), "no retries")
}

func TestHealthCheckTimeout(t *testing.T) {
	release := make(chan struct{})
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)

	var deadline time.Duration
	probe := WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		d, ok := ctx.Deadline()
		require.True(t, ok)
		deadline = time.Until(d)
		return nil
	})
	s := testSettings()
	s.healthTimeout = 30 * time.Millisecond
	c := newTestClient(t, s, srv.URL, probe)
	start := time.Now()
	assert.False(t, c.HealthCheck(context.Background()))
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.LessOrEqual(t, deadline, 30*time.Millisecond)
	assert.Equal(t, 1, srv.Count())

	// The default is the catalog's 5 s, not the 30 s request timeout.
	ok := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	c = newTestClient(t, testSettings(), ok.URL, probe)
	assert.True(t, c.HealthCheck(context.Background()))
	assert.Greater(t, deadline, 4*time.Second)
	assert.LessOrEqual(t, deadline, 5*time.Second)

	s.healthTimeout = 0
	c = newTestClient(t, s, ok.URL, probe)
	assert.True(t, c.HealthCheck(context.Background()))
	assert.Greater(t, deadline, 4*time.Second, "5 s when the catalog sets none")
}

func TestHealthCheckNeverPanics(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(200) })
	c := newTestClient(t, testSettings(), srv.URL, WithRequestEditor(func(context.Context, *http.Request) error { panic("editor bug") }))
	assert.NotPanics(t, func() { assert.False(t, c.HealthCheck(context.Background())) })
}

func TestDo(t *testing.T) {
	srv := newEchoServer(t)
	c := newTestClient(t, testSettings(), srv.URL)
	raw, err := c.Do(context.Background(), "post", "custom", url.Values{"a": {"1"}}, map[string]int{"n": 1})
	require.NoError(t, err)
	var got echo
	require.NoError(t, json.Unmarshal(raw, &got))
	assert.Equal(t, "POST", got.Method)
	assert.Equal(t, "/custom", got.Path)
	assert.Equal(t, "a=1", got.RawQuery)
	assert.JSONEq(t, `{"n":1}`, got.Body)
}

func TestDoRetriesByMethod(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/empty" {
			w.WriteHeader(204)
			return
		}
		writeJSON(w, 500, `{"detail":"boom"}`)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := c.Do(context.Background(), "GET", "/x", nil, nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "boom", apiErr.Message)
	assert.Equal(t, 4, srv.Count())
	_, err = c.Do(context.Background(), "POST", "/x", nil, nil)
	require.Error(t, err)
	assert.Equal(t, 5, srv.Count(), "POST not retried")
	_, err = c.Do(context.Background(), "PUT", "/x", nil, nil, WithCallMaxRetries(1))
	require.Error(t, err)
	assert.Equal(t, 7, srv.Count())

	raw, err := c.Do(context.Background(), "DELETE", "/empty", nil, nil)
	require.NoError(t, err)
	assert.Nil(t, raw)
}

func TestAsyncClientMatchesSync(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/health":
			w.WriteHeader(200)
		case "/ok":
			writeJSON(w, 200, `{"id":"a"}`)
		default:
			writeJSON(w, 404, `{"detail":"nope"}`)
		}
	})
	clk := testkit.NewClock()
	a, err := newAsyncClient(testSettings(), []Option{WithBaseURL(srv.URL), withLookupEnv(testkit.NoEnv), withSleeper(clk.Sleep)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.Close() })
	assert.Same(t, a.Sync().core, a.Sync().Async().Sync().core)

	ctx := context.Background()
	healthy, err := a.HealthCheck(ctx).Wait(ctx)
	require.NoError(t, err)
	assert.True(t, healthy)

	raw, err := a.Do(ctx, "GET", "/ok", nil, nil).Wait(ctx)
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"a"}`, string(raw))
	syncRaw, err := a.Sync().Do(ctx, "GET", "/ok", nil, nil)
	require.NoError(t, err)
	assert.Equal(t, syncRaw, raw)

	_, asyncErr := a.Do(ctx, "GET", "/missing", nil, nil).Wait(ctx)
	_, syncErr := a.Sync().Do(ctx, "GET", "/missing", nil, nil)
	assert.Equal(t, syncErr, asyncErr)
}

func TestCallWait(t *testing.T) {
	release := make(chan struct{})
	started := make(chan context.Context, 1)
	call := goCall(context.Background(), func(ctx context.Context) (int, error) {
		started <- ctx
		<-release
		return 42, nil
	})
	callCtx := <-started

	select {
	case <-call.Done():
		t.Fatal("done before the function returned")
	default:
	}

	waitCtx, cancel := context.WithCancel(context.Background())
	cancel()
	v, err := call.Wait(waitCtx)
	require.IsType(t, &ClientError{}, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, "stopped waiting for the call, which goes on under its own context: context canceled", err.Error())
	assert.Zero(t, v)
	assert.NoError(t, callCtx.Err(), "giving up waiting does not cancel the call")
	past, stop := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer stop()
	_, err = call.Wait(past)
	var te *TimeoutError
	require.ErrorAs(t, err, &te)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, ErrTimeout)
	assert.Equal(t, "stopped waiting for the call, which goes on under its own context: context deadline exceeded", err.Error())

	close(release)
	<-call.Done()
	v, err = call.Wait(waitCtx)
	require.NoError(t, err, "a finished call returns its result even to an ended context")
	assert.Equal(t, 42, v)
	v, err = call.Wait(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 42, v)
}

func TestCallCarriesItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	call := goCall(ctx, func(ctx context.Context) (string, error) {
		<-ctx.Done()
		return "", ctx.Err()
	})
	cancel()
	_, err := call.Wait(context.Background())
	assert.ErrorIs(t, err, context.Canceled)
}

// When the context given to Wait ends the call too (the same context, one
// derived from it, or one it derives from), Wait returns the call's own
// result, as the synchronous method does: never the bare context error.
func TestCallWaitWithTheCallsContextReturnsTheCallsResult(t *testing.T) {
	ownErr := &ClientError{Message: "GET /x: context canceled", Err: context.Canceled}
	for _, tc := range []string{"same", "derived", "ancestor"} {
		t.Run(tc, func(t *testing.T) {
			parent, cancel := context.WithCancel(context.Background())
			defer cancel()
			callCtx, waitCtx := parent, parent
			switch tc {
			case "derived":
				var stop context.CancelFunc
				waitCtx, stop = context.WithCancel(parent)
				defer stop()
			case "ancestor":
				var stop context.CancelFunc
				callCtx, stop = context.WithCancel(parent)
				defer stop()
			}
			release := make(chan struct{})
			call := goCall(callCtx, func(ctx context.Context) (int, error) {
				<-ctx.Done()
				<-release // the call takes a while to end after its context
				return 0, ownErr
			})
			cancel()
			go close(release)
			_, err := call.Wait(waitCtx)
			assert.Same(t, ownErr, err)
		})
	}
}

func TestCallError(t *testing.T) {
	boom := errors.New("boom")
	call := goCall(context.Background(), func(context.Context) (*item, error) { return nil, boom })
	got, err := call.Wait(context.Background())
	assert.Nil(t, got)
	assert.Same(t, boom, err)
}
