package client

import (
	"context"
	"testing"
	"time"
)

// asyncRatioBlock is the number of calls of one flavour in a row.
const asyncRatioBlock = 100

// BenchmarkAsyncOverSync measures the async flavour against the sync one
// in memory, interleaved finely so that load from elsewhere on a shared
// machine falls on both alike: each op is a block of asyncRatioBlock sync
// calls and a block of as many async calls (started and waited for),
// their order alternating from op to op, with the process CPU time of
// each block added to its flavour. It reports both CPU times per call and
// their ratio, async-cpu/sync-cpu.
func BenchmarkAsyncOverSync(b *testing.B) {
	s := inMemory(b)
	c := s.client(b)
	ac := c.Async()
	body := newThing()
	ctx := context.Background()
	for _, call := range []struct {
		name        string
		sync, async func() error
	}{
		{"get",
			func() error { _, err := c.GetThing(ctx, thingID); return err },
			func() error { _, err := ac.GetThing(ctx, thingID).Wait(ctx); return err }},
		{"post",
			func() error { _, err := c.CreateThing(ctx, body); return err },
			func() error { _, err := ac.CreateThing(ctx, body).Wait(ctx); return err }},
	} {
		b.Run(call.name, func(b *testing.B) {
			var syncCPU, asyncCPU time.Duration
			block := func(fn func() error, total *time.Duration) {
				start := processCPU()
				for range asyncRatioBlock {
					if err := fn(); err != nil {
						b.Fatal(err)
					}
				}
				*total += processCPU() - start
			}
			b.ReportAllocs()
			odd := false
			for b.Loop() {
				if odd {
					block(call.async, &asyncCPU)
					block(call.sync, &syncCPU)
				} else {
					block(call.sync, &syncCPU)
					block(call.async, &asyncCPU)
				}
				odd = !odd
			}
			calls := float64(b.N * asyncRatioBlock)
			b.ReportMetric(float64(syncCPU)/calls, "sync-cpu-ns/call")
			b.ReportMetric(float64(asyncCPU)/calls, "async-cpu-ns/call")
			if syncCPU > 0 {
				b.ReportMetric(float64(asyncCPU)/float64(syncCPU), "async/sync-cpu")
			}
		})
	}
}
