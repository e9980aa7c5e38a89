package rt

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// retryBudget is a token bucket shared by all calls of one client: a retry
// spends tokens, a success returns some, and an empty bucket stops retries,
// so that a dead server does not get a retry storm from many goroutines.
type retryBudget struct {
	cfg    retryBudgetSettings
	mu     sync.Mutex
	tokens int
}

// take spends the cost of one retry; false means the budget is exhausted.
func (b *retryBudget) take(timeout bool) bool {
	cost := b.cfg.retryCost
	if timeout && b.cfg.timeoutCost > 0 {
		cost = b.cfg.timeoutCost
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.tokens < cost {
		return false
	}
	b.tokens -= cost
	return true
}

// success returns tokens after a successful call.
func (b *retryBudget) success() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tokens = min(b.cfg.capacity, b.tokens+b.cfg.refill)
}

// budgetExhaustedError is the last attempt's error, returned because the
// retry budget was empty. It matches ErrRetryBudgetExhausted and everything
// the last error matches.
type budgetExhaustedError struct {
	err error
}

func (e *budgetExhaustedError) Error() string {
	return e.err.Error() + " (not retried: retry budget exhausted)"
}

func (e *budgetExhaustedError) Unwrap() []error {
	return []error{e.err, ErrRetryBudgetExhausted}
}

// backoff returns the delay before retry number attempt (from 0):
// retryDelay·2^attempt + jitter·U[0,1), capped at the policy's max delay.
func (c *core) backoff(attempt int) time.Duration {
	r := c.random()
	if r < 0 || r >= 1 || math.IsNaN(r) {
		r = 0
	}
	d := float64(c.retryDelay)*math.Pow(2, float64(attempt)) + float64(c.settings.retry.jitter)*r
	if limit := c.settings.retry.maxDelay; limit > 0 && d > float64(limit) {
		return limit
	}
	if d >= math.MaxInt64 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(d)
}

// retryAfter reads Retry-After-Ms (milliseconds) or Retry-After (seconds
// or an HTTP date, relative to now). ok is false when neither is usable.
func retryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if v := strings.TrimSpace(h.Get("Retry-After-Ms")); v != "" {
		if ms, err := strconv.ParseFloat(v, 64); err == nil && ms >= 0 && ms < float64(math.MaxInt64/int64(time.Millisecond)) {
			return time.Duration(ms * float64(time.Millisecond)), true
		}
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseFloat(v, 64); err == nil {
		if s < 0 || s >= float64(math.MaxInt64/int64(time.Second)) {
			return 0, false
		}
		return time.Duration(s * float64(time.Second)), true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
