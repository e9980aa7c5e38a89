package example

import (
	"context"
	"errors"
	"fmt"
	"testing"

	httpbin "github.com/clientgen/clientgen/examples/httpbin/httpbinclient"
)

// What only the async flavour has: many calls in flight at once, and a Wait
// that stops waiting without stopping the call.
func TestAsyncCallsInFlight(t *testing.T) {
	srv := newServer(t)
	ac, err := httpbin.NewAsyncClient(httpbin.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer ac.Close()
	ctx := t.Context()

	const n = 32
	calls := make([]*httpbin.Call[*httpbin.Echo], n)
	for i := range calls {
		calls[i] = ac.Get(ctx, &httpbin.GetParams{Count: httpbin.Ptr(i)})
	}
	for i, call := range calls {
		got, err := call.Wait(ctx)
		if err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
		if want := fmt.Sprint(i); got.Args["count"][0] != want {
			t.Errorf("call %d got the answer of %v", i, got.Args["count"])
		}
	}
	if got := srv.count("GET /get"); got != n {
		t.Errorf("%d requests, want %d", got, n)
	}

	// Waiting under a context of its own bounds only the waiting.
	arrived := srv.watch()
	call := ac.Delay(ctx, 0.2)
	<-arrived
	waitCtx, stop := context.WithCancel(context.Background())
	stop()
	_, err = call.Wait(waitCtx)
	var ce *httpbin.ClientError
	if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %T %v, want a *ClientError matching context.Canceled", err, err)
	}
	got, err := call.Wait(ctx) // the call went on
	if err != nil {
		t.Fatal(err)
	}
	if got.Method != "GET" {
		t.Errorf("echo = %+v", got)
	}
}
