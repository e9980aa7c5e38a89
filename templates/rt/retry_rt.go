package rt

import (
	"errors"
	"math"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// retryer is the fourth stage: after each failed attempt of one call it
// decides whether to retry and how long to wait first, as gax-go's Retryer
// does. It owns every rule of that decision: the attempt cap, idempotency,
// the Retry-After cap, backoff and the client's retry budget. It lives on
// execute's stack: no allocation of its own.
type retryer struct {
	c          *core // backoff, the retry budget and the Retry-After cap
	maxRetries int   // retries allowed after the first attempt
	safe       bool  // repeating the request cannot apply it twice
	retries    int   // retries decided so far
}

// retryDecision is the policy's answer: retry after delay when stop is
// keepTrying, else stop for that reason.
type retryDecision struct {
	delay time.Duration
	stop  stopReason
}

// stopReason says why the policy stops retrying.
type stopReason uint8

const (
	keepTrying            stopReason = iota // retry after the decision's delay
	stopNotRetryable                        // a retry would not help
	stopRetriesSpent                        // the attempt cap is reached
	stopNotIdempotent                       // the request may have reached the server, and repeating it is unsafe
	stopRetryAfterTooLong                   // the server asked for a wait over the catalog's max_retry_after
	stopBudgetExhausted                     // the client's retry budget is empty
)

// newRetryer resolves the policy of one call: the retry cap of the
// call option, else the endpoint's, else the client's (none when the
// catalog forbids retries), and whether the request is safe to repeat: an
// idempotent method or endpoint, or an idempotency key (keyed).
func newRetryer(c *core, req *request, co *callOptions, keyed bool) retryer {
	p := retryer{c: c, maxRetries: c.maxRetries, safe: req.idempotent || idempotentMethod(req.method) || keyed}
	if req.maxRetries >= 0 {
		p.maxRetries = req.maxRetries
	}
	if co.maxRetries != nil && *co.maxRetries >= 0 {
		p.maxRetries = *co.maxRetries
	}
	if req.noRetry {
		p.maxRetries = 0
	}
	return p
}

// decide weighs a failed attempt's outcome. A retry it allows is counted
// and paid for from the budget; the delay is the server's Retry-After when
// it sent one, else the backoff.
func (p *retryer) decide(o *outcome) retryDecision {
	switch {
	case !o.retryable:
		return retryDecision{stop: stopNotRetryable}
	case p.retries >= p.maxRetries:
		return retryDecision{stop: stopRetriesSpent}
	case !p.safe && !o.unsent:
		return retryDecision{stop: stopNotIdempotent}
	}
	delay := p.c.backoff(p.retries) // drawn even when Retry-After wins: one random draw per retry
	if o.hasRetryAfter {
		if limit := p.c.settings.retry.maxRetryAfter; limit > 0 && o.retryAfter > limit {
			return retryDecision{stop: stopRetryAfterTooLong}
		}
		delay = o.retryAfter
	}
	if b := p.c.budget; b != nil && !b.take(o.timeout) {
		return retryDecision{stop: stopBudgetExhausted}
	}
	p.retries++
	return retryDecision{delay: delay}
}

// succeeded returns tokens to the retry budget after a successful call.
func (p *retryer) succeeded() {
	if p.c.budget != nil {
		p.c.budget.success()
	}
}

// stopError is the error of a call the policy stopped for reason, given
// the last attempt's error: that error, marked when the server's
// Retry-After was refused, or wrapped when the budget is exhausted.
func (p *retryer) stopError(reason stopReason, last error) error {
	switch reason {
	case stopBudgetExhausted:
		return &budgetExhaustedError{err: last}
	case stopRetryAfterTooLong:
		var apiErr *APIError
		if errors.As(last, &apiErr) {
			apiErr.RetryAfterRefused = true
			apiErr.maxRetryAfter = p.c.settings.retry.maxRetryAfter
		}
	}
	return last
}

// retryBudget is a token bucket shared by all calls of one client: a retry
// spends tokens, a success returns some, and an empty bucket stops retries,
// so that a dead server does not get a retry storm from many goroutines.
// It takes no lock: tokens change by compare-and-swap, and a success on a
// full bucket (the common case) only reads it, so that calls succeeding on
// many goroutines share nothing they write.
type retryBudget struct {
	cfg    retryBudgetSettings
	tokens atomic.Int64
}

// newRetryBudget returns a full bucket.
func newRetryBudget(cfg retryBudgetSettings) *retryBudget {
	b := &retryBudget{cfg: cfg}
	b.tokens.Store(int64(cfg.capacity))
	return b
}

// take spends the cost of one retry; false means the budget is exhausted.
func (b *retryBudget) take(timeout bool) bool {
	cost := int64(b.cfg.retryCost)
	if timeout && b.cfg.timeoutCost > 0 {
		cost = int64(b.cfg.timeoutCost)
	}
	for {
		t := b.tokens.Load()
		if t < cost {
			return false
		}
		if b.tokens.CompareAndSwap(t, t-cost) {
			return true
		}
	}
}

// success returns tokens after a successful call, up to the capacity.
func (b *retryBudget) success() {
	capacity := int64(b.cfg.capacity)
	for {
		t := b.tokens.Load()
		if t >= capacity {
			return
		}
		if b.tokens.CompareAndSwap(t, min(capacity, t+int64(b.cfg.refill))) {
			return
		}
	}
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
