package rt

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRetryByStatus(t *testing.T) {
	tests := []struct {
		status int
		hits   int
	}{
		{500, 4}, {502, 4}, {503, 4}, {504, 4},
		{400, 1}, {401, 1}, {404, 1}, {422, 1}, {429, 1}, {501, 1},
	}
	for _, tt := range tests {
		t.Run(http.StatusText(tt.status), func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tt.status, `{"detail":"x"}`) })
			c := newTestClient(t, testSettings(), srv.URL)
			_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.hits, srv.Count())
			assert.Len(t, c.clock.Sleeps(), tt.hits-1)
		})
	}
}

func TestSuccessIsNotRetried(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"a"}`) })
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Count())
	assert.Empty(t, c.clock.Sleeps())
}

func TestRetryThenSuccess(t *testing.T) {
	var n int
	var mu sync.Mutex
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		k := n
		mu.Unlock()
		if k < 3 {
			writeJSON(w, 503, `{"detail":"busy"}`)
			return
		}
		writeJSON(w, 200, `{"id":"ok"}`)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	got, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	require.NoError(t, err)
	assert.Equal(t, "ok", got.ID)
	assert.Equal(t, 3, srv.Count())
}

func TestAttemptCap(t *testing.T) {
	for _, n := range []int{0, 1, 5} {
		srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, `{}`) })
		c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(n))
		_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
		require.Error(t, err)
		assert.Equal(t, n+1, srv.Count(), "max retries %d", n)
	}
}

func TestRetryOverrides(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, `{}`) })
	c := newTestClient(t, testSettings(), srv.URL)
	ctx := context.Background()

	req := getReq("/a")
	req.maxRetries = 1 // endpoint override
	_, _ = call(ctx, c.core, req, nil, new(item))
	assert.Equal(t, 2, srv.Count())

	_, _ = call(ctx, c.core, req, []CallOption{WithCallMaxRetries(2)}, new(item)) // call option wins
	assert.Equal(t, 2+3, srv.Count())

	req = getReq("/b")
	req.noRetry = true // catalog forbids retries
	_, _ = call(ctx, c.core, req, []CallOption{WithCallMaxRetries(5)}, new(item))
	assert.Equal(t, 5+1, srv.Count())
}

func TestBackoffValues(t *testing.T) {
	c, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv), withRandom(func() float64 { return 0.5 })})
	require.NoError(t, err)
	assert.Equal(t, 1500*time.Millisecond, c.backoff(0))
	assert.Equal(t, 2500*time.Millisecond, c.backoff(1))
	assert.Equal(t, 4500*time.Millisecond, c.backoff(2))

	custom, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv), WithRetryDelay(200 * time.Millisecond), withRandom(func() float64 { return 0.25 })})
	require.NoError(t, err)
	assert.Equal(t, 450*time.Millisecond, custom.backoff(0))
	assert.Equal(t, 650*time.Millisecond, custom.backoff(1))
	assert.Equal(t, 1050*time.Millisecond, custom.backoff(2))
}

func TestBackoffRandomness(t *testing.T) {
	low, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv), withRandom(func() float64 { return 0 })})
	require.NoError(t, err)
	high, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv), withRandom(func() float64 { return 0.99 })})
	require.NoError(t, err)
	assert.Equal(t, time.Second, low.backoff(0))
	assert.Equal(t, 1990*time.Millisecond, high.backoff(0))
	assert.NotEqual(t, low.backoff(1), high.backoff(1))

	// The default source gives delays spread over [1s, 2s).
	def, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	seen := map[time.Duration]bool{}
	for range 20 {
		d := def.backoff(0)
		assert.GreaterOrEqual(t, d, time.Second)
		assert.Less(t, d, 2*time.Second)
		seen[d] = true
	}
	assert.Greater(t, len(seen), 1)

	// A source out of range is clamped.
	bad, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv), withRandom(func() float64 { return 7 })})
	require.NoError(t, err)
	assert.Equal(t, time.Second, bad.backoff(0))
}

func TestBackoffMaxDelay(t *testing.T) {
	c, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv), withRandom(func() float64 { return 0.5 })})
	require.NoError(t, err)
	assert.Equal(t, 16500*time.Millisecond, c.backoff(4))
	assert.Equal(t, 30*time.Second, c.backoff(5))
	assert.Equal(t, 30*time.Second, c.backoff(200))

	s := testSettings()
	s.retry.maxDelay = 0 // no cap
	u, err := newCore(s, []Option{withLookupEnv(testkit.NoEnv), withRandom(func() float64 { return 0 })})
	require.NoError(t, err)
	assert.Equal(t, 64*time.Second, u.backoff(6))
	assert.Equal(t, time.Duration(1<<63-1), u.backoff(2000))
}

// The waits between attempts, measured on the synctest bubble's clock by
// the server: the client has no sleeper or random hook, only the user's
// WithRetryJitter, which makes the backoff deterministic.
func TestBackoffUsedBetweenAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemStepServer(t, testkit.Reply(502, `{}`))
		c := newMemClient(t, testSettings(), srv, WithRetryJitter(0))
		_, err := call(t.Context(), c.core, getReq("/items"), nil, new(item))
		require.Error(t, err)
		assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}, srv.Gaps())

		srv = testkit.NewMemStepServer(t, testkit.Reply(502, `{}`))
		c = newMemClient(t, testSettings(), srv, WithRetryJitter(100*time.Millisecond), withRandom(func() float64 { return 0.5 }))
		_, err = call(t.Context(), c.core, getReq("/items"), nil, new(item))
		require.Error(t, err)
		assert.Equal(t, []time.Duration{1050 * time.Millisecond, 2050 * time.Millisecond, 4050 * time.Millisecond}, srv.Gaps(),
			"the option replaces the catalog's 1 s jitter")
	})
}

// The wait before the retry, measured on the synctest bubble's clock (which
// also dates the Retry-After dates); the backoff without jitter is 1 s.
func TestRetryAfter(t *testing.T) {
	tests := []struct {
		name   string
		header func(now time.Time) map[string]string
		want   time.Duration
	}{
		{"seconds", fixed("Retry-After", "7"), 7 * time.Second},
		{"HTTP date", func(now time.Time) map[string]string {
			return map[string]string{"Retry-After": now.Add(12 * time.Second).Format(http.TimeFormat)}
		}, 12 * time.Second},
		{"date in the past falls back to backoff", func(now time.Time) map[string]string {
			return map[string]string{"Retry-After": now.Add(-time.Hour).Format(http.TimeFormat)}
		}, time.Second},
		{"NaN falls back to backoff", fixed("Retry-After", "NaN"), time.Second},
		{"hexadecimal float falls back to backoff", fixed("Retry-After", "0x1p3"), time.Second},
		{"milliseconds win", fixed("Retry-After-Ms", "1500", "Retry-After", "9"), 1500 * time.Millisecond},
		{"garbage falls back to backoff", fixed("Retry-After", "soon"), time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := testkit.NewMemServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
					for k, v := range tt.header(time.Now()) {
						w.Header().Set(k, v)
					}
					writeJSON(w, 503, `{"detail":"busy"}`)
				})
				c := newMemClient(t, testSettings(), srv, WithMaxRetries(1), WithRetryJitter(0))
				_, err := call(t.Context(), c.core, getReq("/items"), nil, new(item))
				require.Error(t, err)
				assert.Equal(t, 2, srv.Count())
				assert.Equal(t, []time.Duration{tt.want}, srv.Gaps())
			})
		})
	}
}

// fixed returns headers given as key, value pairs, whatever the time.
func fixed(kv ...string) func(time.Time) map[string]string {
	return func(time.Time) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
}

// Only RFC 9110's delay-seconds (1*DIGIT) and HTTP dates in the future are
// honoured; every other value is ignored, so that the backoff applies.
func TestRetryAfterHostileValues(t *testing.T) {
	const longest = time.Duration(math.MaxInt64 / int64(time.Second) * int64(time.Second))
	const longestOfMsHeader = time.Duration(math.MaxInt64 / int64(time.Millisecond) * int64(time.Millisecond))
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"0", 0, true},
		{"7", 7 * time.Second, true},
		{"007", 7 * time.Second, true},
		{" 5", 5 * time.Second, true}, // whitespace around a field value is not part of it
		{"5 ", 5 * time.Second, true},
		{"\t5\t", 5 * time.Second, true},
		{"9223372036", longest, true},
		{"9223372037", longest, true},
		{"99999999999999999999999999999999", longest, true},
		{"", 0, false},
		{" ", 0, false},
		{"NaN", 0, false},
		{"nan", 0, false},
		{"Inf", 0, false},
		{"+Inf", 0, false},
		{"-Inf", 0, false},
		{"infinity", 0, false},
		{"-1", 0, false},
		{"-0", 0, false},
		{"+5", 0, false},
		{"1e3", 0, false},
		{"1E3", 0, false},
		{"1.5", 0, false},
		{".5", 0, false},
		{"5.", 0, false},
		{"0x10", 0, false},
		{"0x1p3", 0, false},
		{"0b101", 0, false},
		{"0o7", 0, false},
		{"1_000", 0, false},
		{"5 5", 0, false},
		{"5\v", 0, false},
		{"\u00a05", 0, false},
		{"５", 0, false}, // a fullwidth digit
		{"5s", 0, false},
		{"soon", 0, false},
		{testkit.Epoch.Add(12 * time.Second).Format(http.TimeFormat), 12 * time.Second, true},
		{testkit.Epoch.Add(12 * time.Second).Format(time.RFC850), 12 * time.Second, true},
		{testkit.Epoch.Add(12 * time.Second).Format(time.ANSIC), 12 * time.Second, true},
		{testkit.Epoch.Format(http.TimeFormat), 0, false},
		{testkit.Epoch.Add(-time.Second).Format(http.TimeFormat), 0, false},
		{testkit.Epoch.Add(-100 * 365 * 24 * time.Hour).Format(http.TimeFormat), 0, false},
		{"Thu, 01 Jan 1970 00:00:00 GMT", 0, false},
		{testkit.Epoch.Add(12 * time.Second).Format(time.RFC3339), 0, false},
	}
	for _, tt := range tests {
		got, ok := retryAfter(http.Header{"Retry-After": {tt.value}}, testkit.Epoch)
		assert.Equal(t, tt.ok, ok, "Retry-After: %q", tt.value)
		assert.Equal(t, tt.want, got, "Retry-After: %q", tt.value)
	}
	// Retry-After-Ms (not in RFC 9110) follows the same rule, in
	// milliseconds; when unusable, Retry-After is read.
	for _, tt := range []struct {
		value string
		want  time.Duration
	}{
		{"150", 150 * time.Millisecond},
		{" 150 ", 150 * time.Millisecond},
		{"99999999999999999999", longestOfMsHeader},
		{"NaN", 9 * time.Second},
		{"1.5", 9 * time.Second},
		{"-1", 9 * time.Second},
		{"0x10", 9 * time.Second},
		{"", 9 * time.Second},
	} {
		got, ok := retryAfter(http.Header{"Retry-After-Ms": {tt.value}, "Retry-After": {"9"}}, testkit.Epoch)
		assert.True(t, ok, "Retry-After-Ms: %q", tt.value)
		assert.Equal(t, tt.want, got, "Retry-After-Ms: %q", tt.value)
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		writeJSON(w, 503, `{"detail":"maintenance"}`)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 1, srv.Count(), "not retried")
	assert.Empty(t, c.clock.Sleeps())
	assert.Equal(t, "maintenance", apiErr.Message)
	assert.Equal(t, 120*time.Second, apiErr.RetryAfter)
	assert.True(t, apiErr.RetryAfterRefused)
	assert.NotContains(t, apiErr.Details, "retry_after", "typed fields, not a sentence in Details")
	assert.Contains(t, apiErr.Verbose(), "\nnot retried: the server asked to retry after 120 seconds, longer than the 60 seconds allowed")
}

func TestRetryAfterOnNonRetryableStatusIsIgnored(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "1")
		writeJSON(w, 429, `{"detail":"slow down"}`)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	require.Error(t, err)
	assert.Equal(t, 1, srv.Count(), "429 is not in the KTRDR statuses")

	s := testSettings()
	s.retry.statuses = append(s.retry.statuses, 429)
	c = newTestClient(t, s, srv.URL)
	_, err = call(context.Background(), c.core, getReq("/items"), nil, new(item))
	require.Error(t, err)
	assert.Equal(t, 1+4, srv.Count(), "429 retried when the catalog says so")
	assert.Equal(t, []time.Duration{time.Second, time.Second, time.Second}, c.clock.Sleeps())
}

func TestPostIdempotency(t *testing.T) {
	var mu sync.Mutex
	var keys []string
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		mu.Unlock()
		writeJSON(w, 500, `{"detail":"boom"}`)
	})
	ctx := context.Background()
	take := func() []string {
		mu.Lock()
		defer mu.Unlock()
		k := keys
		keys = nil
		return k
	}

	t.Run("POST is not retried", func(t *testing.T) {
		c := newTestClient(t, testSettings(), srv.URL)
		_, err := call(ctx, c.core, postReq("/start", map[string]any{"a": 1}), nil, new(item))
		require.Error(t, err)
		assert.Equal(t, []string{""}, take())
	})
	t.Run("PATCH is not retried", func(t *testing.T) {
		c := newTestClient(t, testSettings(), srv.URL)
		req := postReq("/start", nil)
		req.method = http.MethodPatch
		_, err := call(ctx, c.core, req, nil, new(item))
		require.Error(t, err)
		assert.Len(t, take(), 1)
	})
	t.Run("idempotent POST is retried", func(t *testing.T) {
		c := newTestClient(t, testSettings(), srv.URL)
		req := postReq("/start", nil)
		req.idempotent = true
		_, err := call(ctx, c.core, req, nil, new(item))
		require.Error(t, err)
		assert.Len(t, take(), 4)
	})
	t.Run("explicit idempotency key", func(t *testing.T) {
		c := newTestClient(t, testSettings(), srv.URL)
		_, err := call(ctx, c.core, postReq("/start", nil), []CallOption{WithIdempotencyKey("key-1")}, new(item))
		require.Error(t, err)
		assert.Equal(t, []string{"key-1", "key-1", "key-1", "key-1"}, take())
	})
	t.Run("catalog idempotency header", func(t *testing.T) {
		s := testSettings()
		s.idempotencyHeader = "Idempotency-Key"
		c := newTestClient(t, s, srv.URL)
		_, err := call(ctx, c.core, postReq("/start", nil), nil, new(item))
		require.Error(t, err)
		got := take()
		require.Len(t, got, 4)
		assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`), got[0])
		for _, k := range got {
			assert.Equal(t, got[0], k, "the same key on every attempt")
		}
		_, _ = call(ctx, c.core, postReq("/start", nil), nil, new(item))
		assert.NotEqual(t, got[0], take()[0], "a new call gets a new key")

		_, _ = call(ctx, c.core, getReq("/items"), nil, new(item))
		assert.Equal(t, []string{"", "", "", ""}, take(), "GET carries no key")
	})
}

// closedURL returns the URL of a listener that has been closed, so that
// connecting to it is refused.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr + "/api/v1"
}

func TestConnectionRefused(t *testing.T) {
	u := closedURL(t)
	c := newTestClient(t, testSettings(), u)
	_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	var connErr *ConnectionError
	require.ErrorAs(t, err, &connErr)
	assert.Contains(t, connErr.Message, u+"/items")
	assert.Contains(t, connErr.Message, "is the server running?")
	assert.Len(t, c.clock.Sleeps(), 3, "retried up to max retries")
	var opErr *net.OpError
	assert.ErrorAs(t, err, &opErr, "the cause is kept")

	// A refused POST never reached the server: it is retried too.
	c = newTestClient(t, testSettings(), u)
	_, err = call(context.Background(), c.core, postReq("/start", map[string]any{"x": 1}), nil, new(item))
	require.ErrorAs(t, err, &connErr)
	assert.Len(t, c.clock.Sleeps(), 3)
}

// hijack closes the connection of a request without answering, after
// writing prefix.
func hijack(t *testing.T, w http.ResponseWriter, prefix string) {
	hj, ok := w.(http.Hijacker)
	require.True(t, ok)
	conn, buf, err := hj.Hijack()
	require.NoError(t, err)
	_, _ = buf.WriteString(prefix)
	_ = buf.Flush()
	_ = conn.Close()
}

func TestConnectionDroppedBeforeResponse(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		hijack(t, w, "")
	})
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	var connErr *ConnectionError
	require.ErrorAs(t, err, &connErr)
	assert.Equal(t, 4, srv.Count(), "GET retried")

	before := srv.Count()
	_, err = call(context.Background(), c.core, postReq("/start", map[string]any{"x": 1}), nil, new(item))
	require.ErrorAs(t, err, &connErr)
	assert.Equal(t, before+1, srv.Count(), "a POST that reached the server is not retried")
}

func TestConnectionDroppedMidResponse(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		hijack(t, w, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\":\"trunc")
	})
	c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(1))
	_, err := call(context.Background(), c.core, getReq("/items"), nil, new(item))
	var connErr *ConnectionError
	require.ErrorAs(t, err, &connErr)
	assert.True(t, errors.Is(err, ErrConnection))
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Contains(t, connErr.Message, "connection lost while reading the response")
	assert.Equal(t, 200, connErr.StatusCode)
	assert.Equal(t, 2, srv.Count())
}

// A server that never answers, in a synctest bubble: the attempt times out
// on the bubble's clock, exactly, and no real time passes (the timeout is
// below testkit.HangLimit, which bounds the server's wait).
func TestTimeout(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemStepServer(t, testkit.Hang())
		c := newMemClient(t, testSettings(), srv, WithTimeout(3*time.Second), WithMaxRetries(1), WithRetryJitter(0))
		start := time.Now()
		_, err := call(t.Context(), c.core, getReq("/slow"), nil, new(item))
		var timeoutErr *TimeoutError
		require.ErrorAs(t, err, &timeoutErr)
		assert.Contains(t, timeoutErr.Message, "timed out after 3 seconds")
		assert.Equal(t, 3*time.Second, timeoutErr.Timeout)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrTimeout)
		assert.NotErrorIs(t, err, ErrConnection)
		assert.Equal(t, 2, srv.Count(), "timeouts are retried")
		assert.Equal(t, []time.Duration{3*time.Second + time.Second}, srv.Gaps(), "the timeout, then the backoff")
		assert.Equal(t, 7*time.Second, time.Since(start))

		// A per-call timeout overrides the client's.
		c = newMemClient(t, testSettings(), srv, WithMaxRetries(0))
		start = time.Now()
		_, err = call(t.Context(), c.core, getReq("/slow"), []CallOption{WithCallTimeout(20 * time.Millisecond)}, new(item))
		require.ErrorAs(t, err, &timeoutErr)
		assert.Equal(t, 20*time.Millisecond, timeoutErr.Timeout)
		assert.Equal(t, 20*time.Millisecond, time.Since(start))
	})
}

func TestHTTPClientTimeoutIsTyped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemStepServer(t, testkit.Hang())
		hc := srv.Client()
		hc.Timeout = 20 * time.Millisecond
		c := newMemClient(t, testSettings(), srv, WithHTTPClient(hc), WithMaxRetries(0))
		_, err := call(t.Context(), c.core, getReq("/slow"), nil, new(item))
		var timeoutErr *TimeoutError
		require.ErrorAs(t, err, &timeoutErr)
		var urlErr interface{ Timeout() bool }
		require.ErrorAs(t, err, &urlErr)
		assert.True(t, urlErr.Timeout())
	})
}

// The call deadline ends the backoff wait on the bubble's clock: no
// sleeper hook is needed to see it.
func TestCallDeadlineAcrossAttempts(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := testkit.NewMemStepServer(t, testkit.Reply(503, `{}`))
		c := newMemClient(t, testSettings(), srv)
		start := time.Now()
		_, err := call(t.Context(), c.core, getReq("/items"), []CallOption{WithCallDeadline(40 * time.Millisecond)}, new(item))
		var timeoutErr *TimeoutError
		require.ErrorAs(t, err, &timeoutErr)
		assert.Contains(t, timeoutErr.Message, "call deadline of 0.04 seconds exceeded")
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 1, srv.Count())
		assert.Equal(t, 40*time.Millisecond, time.Since(start), "the backoff (at least 1 s) was cut short")
	})
}

// The caller cancels while the client waits to retry (on the bubble's
// clock): the wait ends at once with the caller's error.
func TestCallerCancellation(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		srv := testkit.NewMemStepServer(t, testkit.Reply(503, `{}`))
		c := newMemClient(t, testSettings(), srv)
		var err error
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, err = call(ctx, c.core, getReq("/items"), nil, new(item))
		}()
		synctest.Wait() // the client waits before its first retry
		require.Equal(t, 1, srv.Count())
		start := time.Now()
		cancel()
		<-done
		assert.Zero(t, time.Since(start), "the wait ended with the cancel")
		var clientErr *ClientError
		require.ErrorAs(t, err, &clientErr)
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, srv.Count())

		// An already cancelled context sends nothing.
		_, err = call(ctx, c.core, getReq("/items"), nil, new(item))
		assert.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 1, srv.Count())
	})
}

func TestRetryBudget(t *testing.T) {
	s := testSettings()
	s.retry.budget = retryBudgetSettings{capacity: 10, retryCost: 5, timeoutCost: 10, refill: 1}
	fail := true
	var mu sync.Mutex
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		f := fail
		mu.Unlock()
		if f {
			writeJSON(w, 503, `{"detail":"down"}`)
			return
		}
		writeJSON(w, 200, `{"id":"a"}`)
	})
	c := newTestClient(t, s, srv.URL)
	ctx := context.Background()

	_, err := call(ctx, c.core, getReq("/items"), nil, new(item))
	assert.ErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.ErrorIs(t, err, ErrAPI)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Contains(t, err.Error(), "retry budget exhausted")
	assert.Equal(t, 3, srv.Count(), "two retries of cost 5 empty a bucket of 10")
	assert.Equal(t, 0, c.core.budget.available())

	_, err = call(ctx, c.core, getReq("/items"), nil, new(item))
	assert.ErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.Equal(t, 4, srv.Count(), "an empty budget fails fast")

	mu.Lock()
	fail = false
	mu.Unlock()
	for range 5 {
		_, err = call(ctx, c.core, getReq("/items"), nil, new(item))
		require.NoError(t, err)
	}
	assert.Equal(t, 5, c.core.budget.available(), "successes refill")
	for range 20 {
		_, _ = call(ctx, c.core, getReq("/items"), nil, new(item))
	}
	assert.Equal(t, 10, c.core.budget.available(), "never above capacity")
}

func TestRetryBudgetSharedAcrossGoroutines(t *testing.T) {
	s := testSettings()
	s.retry.budget = retryBudgetSettings{capacity: 20, retryCost: 5, timeoutCost: 10, refill: 1}
	c := newTestClient(t, s, closedURL(t))
	var wg sync.WaitGroup
	errs := make([]error, 10)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = call(context.Background(), c.core, getReq("/items"), nil, new(item))
		})
	}
	wg.Wait()
	assert.Len(t, c.clock.Sleeps(), 4, "20 tokens pay for 4 retries in all, not 30")
	exhausted := 0
	for _, err := range errs {
		var connErr *ConnectionError
		require.ErrorAs(t, err, &connErr)
		if errors.Is(err, ErrRetryBudgetExhausted) {
			exhausted++
		}
	}
	assert.GreaterOrEqual(t, exhausted, 9)
}

func TestRetryBudgetTimeoutCost(t *testing.T) {
	s := testSettings()
	s.retry.budget = retryBudgetSettings{capacity: 15, retryCost: 1, timeoutCost: 10, refill: 1}
	release := make(chan struct{})
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	c := newTestClient(t, s, srv.URL, WithTimeout(20*time.Millisecond))
	_, err := call(context.Background(), c.core, getReq("/slow"), nil, new(item))
	assert.ErrorIs(t, err, ErrRetryBudgetExhausted)
	assert.ErrorIs(t, err, ErrTimeout)
	assert.Equal(t, 2, srv.Count())
	assert.Equal(t, 5, c.core.budget.available())
}

func TestRetryBudgetDisabled(t *testing.T) {
	s := testSettings()
	s.retry.budget = retryBudgetSettings{} // capacity 0
	c, err := newCore(s, []Option{withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	assert.Nil(t, c.budget)
}
