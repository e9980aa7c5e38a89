package example

import (
	"context"
	"iter"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	gohttpbin "github.com/mccutchen/go-httpbin/v2/httpbin"
	"go.uber.org/goleak"

	httpbin "github.com/clientgen/clientgen/examples/httpbin/httpbinclient"
)

// streams is what both clients have: the stream methods are iterators on
// the Client and the AsyncClient alike.
type streams interface {
	ServerSentEvents(ctx context.Context, params *httpbin.ServerSentEventsParams, opts ...httpbin.CallOption) iter.Seq2[httpbin.StreamEvent[httpbin.Ping], error]
	StreamLines(ctx context.Context, n int, opts ...httpbin.CallOption) iter.Seq2[httpbin.StreamEvent[httpbin.StreamLine], error]
}

// eachFlavour runs fn with a sync Client and with an AsyncClient of base.
func eachFlavour(t *testing.T, base string, fn func(t *testing.T, c streams)) {
	for _, flavour := range []string{"sync", "async"} {
		t.Run(flavour, func(t *testing.T) {
			c, err := httpbin.NewClient(httpbin.WithBaseURL(base))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			var s streams = c
			if flavour == "async" {
				s = c.Async()
			}
			fn(t, s)
		})
	}
}

// TestServerSentEventsOfGoHTTPBin reads go-httpbin's /sse: "event: ping"
// events whose data is {"id": n, "timestamp": ms}.
func TestServerSentEventsOfGoHTTPBin(t *testing.T) {
	srv := newServer(t)
	eachFlavour(t, srv.URL, func(t *testing.T, c streams) {
		var ids []int
		for ev, err := range c.ServerSentEvents(context.Background(), &httpbin.ServerSentEventsParams{Count: httpbin.Ptr(3), Duration: httpbin.Ptr("30ms")}) {
			if err != nil {
				t.Fatal(err)
			}
			if ev.Type != "ping" || ev.Data.Timestamp <= 0 {
				t.Errorf("event %+v, want a ping with a timestamp", ev)
			}
			ids = append(ids, ev.Data.ID)
		}
		if len(ids) != 3 || ids[0] != 0 || ids[2] != 2 {
			t.Errorf("ids %v, want [0 1 2]", ids)
		}
	})
}

// TestStreamLinesOfGoHTTPBin reads go-httpbin's /stream/{n}: n lines of
// JSON, the end of the body being the end of the stream.
func TestStreamLinesOfGoHTTPBin(t *testing.T) {
	srv := newServer(t)
	eachFlavour(t, srv.URL, func(t *testing.T, c streams) {
		var ids []int
		for ev, err := range c.StreamLines(context.Background(), 4) {
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(ev.Data.URL, "/stream/4") || ev.Type != "" {
				t.Errorf("line %+v, want one of /stream/4", ev)
			}
			ids = append(ids, ev.Data.ID)
		}
		if len(ids) != 4 || ids[3] != 3 {
			t.Errorf("ids %v, want [0 1 2 3]", ids)
		}
	})
}

// TestServerSentEventsBreakEarly: leaving the loop closes the connection
// at once: go-httpbin's handler, which would send events for 5 seconds,
// sees its request end and returns; nothing is left running.
func TestServerSentEventsBreakEarly(t *testing.T) {
	h := gohttpbin.New(gohttpbin.WithMaxDuration(10 * time.Second)).Handler()
	returned := make(chan struct{}, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r)
		returned <- struct{}{}
	}))
	defer srv.Close()
	eachFlavour(t, srv.URL, func(t *testing.T, c streams) {
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		start := time.Now()
		n := 0
		for _, err := range c.ServerSentEvents(context.Background(), &httpbin.ServerSentEventsParams{Count: httpbin.Ptr(50), Duration: httpbin.Ptr("5s")}) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == 2 {
				break
			}
		}
		select {
		case <-returned:
		case <-time.After(4 * time.Second):
			t.Fatal("go-httpbin still sends events after the loop was left")
		}
		if d := time.Since(start); d >= 5*time.Second {
			t.Errorf("the stream lasted %v", d)
		}
	})
}
