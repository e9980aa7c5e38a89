package rt

import (
	"math"
	"net/http"
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
// Only what RFC 9110 allows is honoured: a number is 1*DIGIT (no sign,
// fraction, exponent, hexadecimal, NaN or Inf; one too large for a
// time.Duration means the longest wait), a date is one of the formats of
// http.ParseTime and counts only when it is in the future (a past date is
// most likely a skewed server clock). Only the whitespace around a field
// value (SP, HTAB) is ignored. Anything else falls back to the backoff.
func retryAfter(h http.Header, now time.Time) (d time.Duration, ok bool) {
	if d, ok := delaySeconds(h.Get("Retry-After-Ms"), time.Millisecond); ok {
		return d, true
	}
	v := strings.Trim(h.Get("Retry-After"), " \t")
	if v == "" {
		return 0, false
	}
	if d, ok := delaySeconds(v, time.Second); ok {
		return d, true
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now), true
	}
	return 0, false
}

// delaySeconds parses v, RFC 9110's delay-seconds (1*DIGIT) around
// optional SP and HTAB, as a number of units. A number too large for a
// time.Duration gives the longest whole number of units one can hold.
func delaySeconds(v string, unit time.Duration) (time.Duration, bool) {
	v = strings.Trim(v, " \t")
	if v == "" {
		return 0, false
	}
	limit := int64(math.MaxInt64) / int64(unit)
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n <= limit {
			n = n*10 + int64(c-'0') // at most 10·limit+9: no overflow for units of 1 µs and more
		}
	}
	return time.Duration(min(n, limit)) * unit, true
}
