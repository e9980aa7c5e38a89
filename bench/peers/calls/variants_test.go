package calls

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/clientgen/clientgen/bench/client"
	"github.com/clientgen/clientgen/bench/peers/gen/things/oapi"
	"github.com/clientgen/clientgen/bench/peers/gen/things/ogen"
	"go.opentelemetry.io/otel/metric"
	mnoop "go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	tnoop "go.opentelemetry.io/otel/trace/noop"
)

// variant is one client making the two benchmark calls. get and post
// return the client's own result value; toRaw converts it for the tests.
type variant struct {
	name  string
	get   func(ctx context.Context) (any, error)
	post  func(ctx context.Context) (any, error)
	toRaw func(any) *rawThing
}

// variantNames are the variants in the order of the tables.
var variantNames = []string{"raw", "oapi", "ogen-otel", "ogen-nootel", "sync", "async"}

// newVariant builds the variant called name on s's *http.Client.
func newVariant(tb testing.TB, name string, s setup) variant {
	switch name {
	case "raw":
		c := &rawClient{hc: s.hc, base: s.base}
		body := rawBody()
		return variant{name: name,
			get:   func(ctx context.Context) (any, error) { return c.getThing(ctx, thingID) },
			post:  func(ctx context.Context) (any, error) { return c.createThing(ctx, body) },
			toRaw: func(v any) *rawThing { return v.(*rawThing) },
		}
	case "oapi":
		return oapiVariant(tb, s)
	case "ogen-otel":
		// OpenTelemetry on: the SDK's tracer provider, sampling every span
		// (no exporter), and the SDK's meter provider with a manual reader.
		tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sdktrace.AlwaysSample()))
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
		tb.Cleanup(func() {
			_ = tp.Shutdown(context.Background())
			_ = mp.Shutdown(context.Background())
		})
		return ogenVariant(tb, name, s, tp, mp)
	case "ogen-nootel":
		return ogenVariant(tb, name, s, tnoop.NewTracerProvider(), mnoop.NewMeterProvider())
	case "sync", "async":
		c, err := client.NewClient(client.WithBaseURL(s.base), client.WithHTTPClient(s.hc))
		if err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { _ = c.Close() })
		ac := c.Async()
		b := rawBody()
		body := &client.NewThing{Name: b.Name, Count: b.Count, Score: b.Score, Active: b.Active, Tags: b.Tags,
			Owner: &client.Owner{ID: b.Owner.ID, Name: b.Owner.Name, Email: b.Owner.Email}}
		v := variant{name: name, toRaw: func(v any) *rawThing { return clientgenToRaw(v.(*client.Thing)) }}
		if name == "sync" {
			v.get = func(ctx context.Context) (any, error) { return c.GetThing(ctx, thingID) }
			v.post = func(ctx context.Context) (any, error) { return c.CreateThing(ctx, body) }
		} else {
			v.get = func(ctx context.Context) (any, error) { return ac.GetThing(ctx, thingID).Wait(ctx) }
			v.post = func(ctx context.Context) (any, error) { return ac.CreateThing(ctx, body).Wait(ctx) }
		}
		return v
	}
	tb.Fatalf("unknown variant %q", name)
	return variant{}
}

// oapiVariant is oapi-codegen's ClientWithResponses: the typed result is
// resp.JSON200, nil unless the status is 200.
func oapiVariant(tb testing.TB, s setup) variant {
	c, err := oapi.NewClientWithResponses(s.base, oapi.WithHTTPClient(s.hc))
	if err != nil {
		tb.Fatal(err)
	}
	b := rawBody()
	body := oapi.CreateThingJSONRequestBody{Name: b.Name, Count: b.Count, Score: b.Score, Active: b.Active,
		Tags: &b.Tags, Owner: &oapi.Owner{Id: b.Owner.ID, Name: b.Owner.Name, Email: b.Owner.Email}}
	return variant{name: "oapi",
		get: func(ctx context.Context) (any, error) {
			resp, err := c.GetThingWithResponse(ctx, thingID)
			if err != nil {
				return nil, err
			}
			if resp.JSON200 == nil {
				return nil, fmt.Errorf("GET: status %d", resp.StatusCode())
			}
			return resp.JSON200, nil
		},
		post: func(ctx context.Context) (any, error) {
			resp, err := c.CreateThingWithResponse(ctx, body)
			if err != nil {
				return nil, err
			}
			if resp.JSON200 == nil {
				return nil, fmt.Errorf("POST: status %d", resp.StatusCode())
			}
			return resp.JSON200, nil
		},
		toRaw: func(v any) *rawThing {
			t := v.(*oapi.Thing)
			r := &rawThing{ID: t.Id, Count: t.Count, Score: t.Score, Active: t.Active, CreatedAt: t.CreatedAt,
				Owner: rawOwner{ID: t.Owner.Id, Name: t.Owner.Name, Email: t.Owner.Email}}
			if t.Tags != nil {
				r.Tags = *t.Tags
			}
			if t.Parts != nil {
				for _, p := range *t.Parts {
					r.Parts = append(r.Parts, rawPart{Sku: p.Sku, Quantity: p.Quantity, Price: p.Price})
				}
			}
			return r
		},
	}
}

// ogenVariant is ogen's Client with the given OpenTelemetry providers.
func ogenVariant(tb testing.TB, name string, s setup, tp trace.TracerProvider, mp metric.MeterProvider) variant {
	c, err := ogen.NewClient(s.base, ogen.WithClient(s.hc), ogen.WithTracerProvider(tp), ogen.WithMeterProvider(mp))
	if err != nil {
		tb.Fatal(err)
	}
	b := rawBody()
	body := &ogen.NewThing{Name: b.Name, Count: b.Count, Score: ogen.NewOptFloat64(*b.Score),
		Active: ogen.NewOptBool(*b.Active), Tags: b.Tags,
		Owner: ogen.NewOptOwner(ogen.Owner{ID: b.Owner.ID, Name: b.Owner.Name, Email: ogen.NewOptString(*b.Owner.Email)})}
	return variant{name: name,
		get:  func(ctx context.Context) (any, error) { return c.GetThing(ctx, ogen.GetThingParams{ID: thingID}) },
		post: func(ctx context.Context) (any, error) { return c.CreateThing(ctx, body) },
		toRaw: func(v any) *rawThing {
			t := v.(*ogen.Thing)
			r := &rawThing{ID: t.ID, Count: t.Count, Score: t.Score, Active: t.Active, CreatedAt: t.CreatedAt,
				Owner: rawOwner{ID: t.Owner.ID, Name: t.Owner.Name, Email: optPtr(t.Owner.Email.Get())},
				Tags:  t.Tags}
			for _, p := range t.Parts {
				r.Parts = append(r.Parts, rawPart{Sku: p.Sku, Quantity: p.Quantity, Price: optPtr(p.Price.Get())})
			}
			return r
		},
	}
}

func optPtr[T any](v T, ok bool) *T {
	if !ok {
		return nil
	}
	return &v
}

func clientgenToRaw(t *client.Thing) *rawThing {
	r := &rawThing{ID: t.ID, Count: t.Count, Score: t.Score, Active: t.Active, CreatedAt: t.CreatedAt,
		Owner: rawOwner{ID: t.Owner.ID, Name: t.Owner.Name, Email: t.Owner.Email}, Tags: t.Tags}
	for _, p := range t.Parts {
		r.Parts = append(r.Parts, rawPart{Sku: p.Sku, Quantity: p.Quantity, Price: p.Price})
	}
	return r
}

var _ http.RoundTripper = (*memTransport)(nil)
