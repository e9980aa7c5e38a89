package client

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// variant is one way of making the two benchmark calls.
type variant struct {
	name string
	get  func(ctx context.Context) error
	post func(ctx context.Context) error
}

// variants are raw (hand-written net/http + encoding/json), sync (the
// generated Client) and async (the generated AsyncClient, started and
// waited for), all on the same *http.Client.
func variants(tb testing.TB, s setup) []variant {
	raw := s.raw()
	rawBody := rawNewThingBody()
	c := s.client(tb)
	ac := c.Async()
	body := newThing()
	return []variant{
		{
			name: "raw",
			get:  func(ctx context.Context) error { _, err := raw.getThing(ctx, thingID); return err },
			post: func(ctx context.Context) error { _, err := raw.createThing(ctx, rawBody); return err },
		},
		{
			name: "sync",
			get:  func(ctx context.Context) error { _, err := c.GetThing(ctx, thingID); return err },
			post: func(ctx context.Context) error { _, err := c.CreateThing(ctx, body); return err },
		},
		{
			name: "async",
			get:  func(ctx context.Context) error { _, err := ac.GetThing(ctx, thingID).Wait(ctx); return err },
			post: func(ctx context.Context) error { _, err := ac.CreateThing(ctx, body).Wait(ctx); return err },
		},
	}
}

func runVariants(b *testing.B, s setup) {
	ctx := context.Background()
	for _, v := range variants(b, s) {
		b.Run(v.name, func(b *testing.B) {
			for _, call := range []struct {
				name string
				fn   func(context.Context) error
			}{{"get", v.get}, {"post", v.post}} {
				b.Run(call.name, func(b *testing.B) {
					b.ReportAllocs()
					cpu := processCPU()
					for b.Loop() {
						if err := call.fn(ctx); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
				})
			}
		})
	}
}

// BenchmarkClient is the per-call cost against a loopback httptest server,
// where the network stack dominates. Besides the elapsed ns/op, cpu-ns/op
// is the process CPU time per call on all cores, the server's included.
func BenchmarkClient(b *testing.B) { runVariants(b, loopback(b)) }

// BenchmarkClientInMemory is the per-call cost through an http.RoundTripper
// that answers from memory: the client's own cost.
func BenchmarkClientInMemory(b *testing.B) { runVariants(b, inMemory(b)) }

// TestVariantsAgree checks that the benchmarked calls do the same work:
// every variant, both ways, decodes the same object, and the server sees
// the same request body.
func TestVariantsAgree(t *testing.T) {
	ctx := context.Background()
	want := wantThing()
	for name, s := range map[string]setup{"in-memory": inMemory(t), "loopback": loopback(t)} {
		t.Run(name, func(t *testing.T) {
			raw := s.raw()
			rt, err := raw.getThing(ctx, thingID)
			require.NoError(t, err)
			rawJSON, err := json.Marshal(rt)
			require.NoError(t, err)
			wantJSON, err := json.Marshal(want)
			require.NoError(t, err)
			assert.JSONEq(t, string(wantJSON), string(rawJSON), "raw GET")
			rt, err = raw.createThing(ctx, rawNewThingBody())
			require.NoError(t, err)
			rawJSON, err = json.Marshal(rt)
			require.NoError(t, err)
			assert.JSONEq(t, string(wantJSON), string(rawJSON), "raw POST")

			c := s.client(t)
			got, err := c.GetThing(ctx, thingID)
			require.NoError(t, err)
			assert.Equal(t, want, *got, "sync GET")
			got, err = c.CreateThing(ctx, newThing())
			require.NoError(t, err)
			assert.Equal(t, want, *got, "sync POST")
			got, err = c.Async().GetThing(ctx, thingID).Wait(ctx)
			require.NoError(t, err)
			assert.Equal(t, want, *got, "async GET")
			got, err = c.Async().CreateThing(ctx, newThing()).Wait(ctx)
			require.NoError(t, err)
			assert.Equal(t, want, *got, "async POST")
		})
	}

	// Both POST bodies carry the same JSON.
	rawPayload, err := json.Marshal(rawNewThingBody())
	require.NoError(t, err)
	genPayload, err := json.Marshal(newThing())
	require.NoError(t, err)
	assert.JSONEq(t, string(rawPayload), string(genPayload))
}
