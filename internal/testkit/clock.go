package testkit

import (
	"context"
	"sync"
	"time"
)

// Clock is a fake clock and sleeper: every sleep is recorded, returns at
// once and advances the clock, so retry and poll delays are exact and no
// real time passes. Tests against a loopback server install it through the
// runtime's unexported clock and sleeper hooks; tests inside a synctest
// bubble need no Clock.
type Clock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
	// Hook, when set, runs after each recorded sleep (n counts from 1) and
	// its error is the sleep's result. Set it before the clock is used.
	Hook func(ctx context.Context, n int) error
}

// Epoch is where every Clock starts.
var Epoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// NewClock returns a Clock at Epoch.
func NewClock() *Clock { return &Clock{now: Epoch} }

// Now returns the fake time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Sleep records d, advances the clock by d and returns ctx.Err() (or the
// hook's error).
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	n, hook := len(c.sleeps), c.Hook
	c.mu.Unlock()
	if hook != nil {
		return hook(ctx, n)
	}
	return ctx.Err()
}

// Sleeps returns the recorded delays.
func (c *Clock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// Elapsed is the fake time that has passed.
func (c *Clock) Elapsed() time.Duration { return c.Now().Sub(Epoch) }

// NoEnv is a LookupEnv with nothing set.
func NoEnv(string) (string, bool) { return "", false }

// Env is a LookupEnv backed by m.
func Env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// Secs builds a duration from fractional seconds.
func Secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
