package calls

import (
	"context"
	"encoding/json"
	"reflect"
	"runtime"
	"sync"
	"testing"
)

// Parallel is the number of goroutines of the parallel benchmarks.
const Parallel = 64

// BenchmarkCalls is BenchmarkCalls/TRANSPORT/MODE/VARIANT/CALL:
//
//   - TRANSPORT: inmem (an http.RoundTripper answering from memory: the
//     client's own cost) or loopback (an httptest server in the process);
//   - MODE: serial (one call after another) or par64 (64 goroutines with
//     b.RunParallel; throughput is 1e9 / ns/op);
//   - VARIANT: raw, oapi, ogen-otel, ogen-nootel, sync, async;
//   - CALL: get or post.
//
// cpu-ns/op is the process CPU time (user + system, getrusage) per call,
// the loopback server's included. peerbench runs each TRANSPORT/MODE/VARIANT
// in its own process, interleaved in rounds.
func BenchmarkCalls(b *testing.B) {
	for _, transport := range []string{"inmem", "loopback"} {
		b.Run(transport, func(b *testing.B) {
			for _, mode := range []string{"serial", "par64"} {
				b.Run(mode, func(b *testing.B) {
					for _, name := range variantNames {
						b.Run(name, func(b *testing.B) {
							s := newSetup(b, transport)
							v := newVariant(b, name, s)
							b.Run("get", func(b *testing.B) { bench(b, mode, v.get) })
							b.Run("post", func(b *testing.B) { bench(b, mode, v.post) })
						})
					}
				})
			}
		})
	}
}

func newSetup(tb testing.TB, transport string) setup {
	if transport == "inmem" {
		return inMemory(tb, nil)
	}
	return loopback(tb, nil)
}

func bench(b *testing.B, mode string, call func(context.Context) (any, error)) {
	ctx := context.Background()
	warmUp(b, mode, call)
	b.ReportAllocs()
	if mode == "serial" {
		cpu := processCPU()
		for b.Loop() {
			if _, err := call(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		return
	}
	procs := runtime.GOMAXPROCS(0)
	b.SetParallelism((Parallel + procs - 1) / procs)
	b.ResetTimer()
	cpu := processCPU()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := call(ctx); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// warmUp makes calls before the timer starts, so that the loopback
// connections (one per goroutine in parallel) are open before measuring.
func warmUp(b *testing.B, mode string, call func(context.Context) (any, error)) {
	n := 1
	if mode != "serial" {
		n = Parallel
	}
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for range 2 {
				if _, err := call(context.Background()); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}

// TestVariantsAgree checks that the benchmarked calls do the same work:
// every variant, on both transports, decodes the same object from the GET
// and the POST, and sends the same POST body.
func TestVariantsAgree(t *testing.T) {
	ctx := context.Background()
	var want rawThing
	if err := json.Unmarshal([]byte(thingJSON), &want); err != nil {
		t.Fatal(err)
	}
	wantBody, err := json.Marshal(rawBody())
	if err != nil {
		t.Fatal(err)
	}
	for _, transport := range []string{"inmem", "loopback"} {
		for _, name := range variantNames {
			t.Run(transport+"/"+name, func(t *testing.T) {
				var mu sync.Mutex
				var sent []byte
				sink := func(b []byte) { mu.Lock(); sent = b; mu.Unlock() }
				s := inMemory(t, sink)
				if transport == "loopback" {
					s = loopback(t, sink)
				}
				v := newVariant(t, name, s)
				got, err := v.get(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if r := v.toRaw(got); !reflect.DeepEqual(*r, want) {
					t.Errorf("GET decoded\n%+v\nwant\n%+v", *r, want)
				}
				got, err = v.post(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if r := v.toRaw(got); !reflect.DeepEqual(*r, want) {
					t.Errorf("POST decoded\n%+v\nwant\n%+v", *r, want)
				}
				mu.Lock()
				defer mu.Unlock()
				if !jsonEqual(t, sent, wantBody) {
					t.Errorf("POST body %s, want the same JSON as %s", sent, wantBody)
				}
			})
		}
	}
}

func jsonEqual(t *testing.T, a, b []byte) bool {
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("%s: %v", a, err)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return reflect.DeepEqual(va, vb)
}
