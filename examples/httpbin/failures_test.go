package example

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	httpbin "github.com/clientgen/clientgen/examples/httpbin/httpbinclient"
)

// apiError asserts that err is an *APIError with the given status that
// matches ErrAPI and is a *ClientError too.
func apiError(t *testing.T, err error, status int) *httpbin.APIError {
	t.Helper()
	var ae *httpbin.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %T %v, want *APIError", err, err)
	}
	var ce *httpbin.ClientError
	if !errors.Is(err, httpbin.ErrAPI) || !errors.As(err, &ce) {
		t.Errorf("%v: does not match ErrAPI and *ClientError", err)
	}
	if ae.StatusCode != status {
		t.Errorf("status = %d, want %d (%v)", ae.StatusCode, status, err)
	}
	return ae
}

// The status, the retry decision, the error kind and the message come from
// the real answer: an empty body says the method, path and status, and a
// short plain-text body is the message.
func TestErrorsFromRealStatuses(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := t.Context()
		for _, code := range []int{400, 401, 403, 404, 409, 418, 422, 429, 501} {
			ae := apiError(t, e.c.Status(ctx, code), code)
			if ae.Retryable() {
				t.Errorf("%d: Retryable() = true", code)
			}
			if !strings.HasSuffix(ae.URL, "/status/"+strconv.Itoa(code)) {
				t.Errorf("%d: URL = %q", code, ae.URL)
			}
			if got := e.srv.count("GET /status/" + strconv.Itoa(code)); got != 1 {
				t.Errorf("%d: %d attempts, want 1 (not a retried status)", code, got)
			}
		}
		if got, want := e.c.Status(ctx, 404).Error(), "GET /status/404: 404 Not Found"; got != want {
			t.Errorf("empty 404 body: Error() = %q, want %q", got, want)
		}
		if got, want := e.c.Status(ctx, 418).Error(), "I'm a teapot!"; got != want {
			t.Errorf("plain-text 418 body: Error() = %q, want %q", got, want)
		}
		if err := e.c.Status(ctx, 204); err != nil {
			t.Errorf("204: %v", err)
		}
		if err := e.c.Status(ctx, 200); err != nil {
			t.Errorf("200: %v", err)
		}

		// go-httpbin's JSON envelope: the catalog reads detail, then error.
		_, err := e.c.Delay(ctx, -1)
		ae := apiError(t, err, http.StatusBadRequest)
		if !strings.HasPrefix(ae.Message, "invalid duration") {
			t.Errorf("message = %q, want go-httpbin's detail", ae.Message)
		}
		if ae.Details["status_code"] != float64(400) {
			t.Errorf("details = %v, want the decoded envelope", ae.Details)
		}

		_, err = e.c.Bearer(ctx) // no Authorization header: 401 {"error":"Unauthorized"}
		ae = apiError(t, err, http.StatusUnauthorized)
		if ae.Message != "Unauthorized" {
			t.Errorf("message = %q, want the envelope's error", ae.Message)
		}
	})
}

func TestNonJSONSuccessIsAnError(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		got, err := e.c.HtmlAsJSON(t.Context())
		ae := apiError(t, err, http.StatusOK)
		if got != nil {
			t.Errorf("result = %+v, want nil with the error", got)
		}
		if strings.Contains(ae.Verbose(), "<") || strings.Contains(fmt.Sprint(ae.Details), "<") {
			t.Errorf("the page leaks into the error: %q, %v", ae.Verbose(), ae.Details)
		}
		if ae.Details["content_type"] != "text/html" {
			t.Errorf("details = %v, want a summary with the content type", ae.Details)
		}
	})
}

func TestNotModifiedIsAnErrorWithItsStatus(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		if _, err := e.c.Cache(t.Context()); err != nil {
			t.Fatal(err)
		}
		_, err := e.c.Cache(t.Context(), httpbin.WithCallHeader("If-None-Match", `"x"`))
		ae := apiError(t, err, http.StatusNotModified)
		if !strings.HasPrefix(ae.Error(), "GET /cache: 304 Not Modified (") {
			t.Errorf("Error() = %q, want the method, path and status explained", ae.Error())
		}
	})
}

func TestRetriesFollowTheMethodAndTheCatalog(t *testing.T) {
	note := &httpbin.Note{Title: "t"}
	for _, tc := range []struct {
		name     string
		call     func(ctx context.Context, c api) error
		key      string
		attempts int
	}{
		{"GET 503 is retried max_retries times", func(ctx context.Context, c api) error { return c.Status(ctx, 503) }, "GET /status/503", 4},
		{"GET 500 too", func(ctx context.Context, c api) error { return c.Status(ctx, 500) }, "GET /status/500", 4},
		{"GET 501 is not in statuses", func(ctx context.Context, c api) error { return c.Status(ctx, 501) }, "GET /status/501", 1},
		{"per-call max retries", func(ctx context.Context, c api) error {
			return c.Status(ctx, 503, httpbin.WithCallMaxRetries(1))
		}, "GET /status/503", 2},
		{"PUT is idempotent", func(ctx context.Context, c api) error { return c.PutStatus(ctx, 503, note) }, "PUT /status/503", 4},
		{"POST is not", func(ctx context.Context, c api) error { return c.PostStatus(ctx, 503, note) }, "POST /status/503", 1},
		{"retry: false", func(ctx context.Context, c api) error { return c.DeleteStatus(ctx, 503) }, "DELETE /status/503", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			both(t, func(t *testing.T, e env) {
				err := tc.call(t.Context(), e.c)
				status := 503
				if strings.Contains(tc.key, "500") {
					status = 500
				} else if strings.Contains(tc.key, "501") {
					status = 501
				}
				apiError(t, err, status)
				if got := e.srv.count(tc.key); got != tc.attempts {
					t.Errorf("%d attempts, want %d", got, tc.attempts)
				}
				if got := e.attempts.waits(); got != tc.attempts-1 {
					t.Errorf("%d backoff waits, want %d", got, tc.attempts-1)
				}
			})
		})
	}
}

func TestRedirects(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := t.Context()
		for _, abs := range []bool{false, true} {
			got, err := e.c.Redirect(ctx, 3, &httpbin.RedirectParams{Absolute: httpbin.Ptr(abs)})
			if err != nil {
				t.Fatalf("absolute=%v: %v", abs, err)
			}
			if !strings.HasSuffix(got.URL, "/get") {
				t.Errorf("absolute=%v: landed on %q, want /get", abs, got.URL)
			}
		}

		// A loop: go-httpbin would redirect 12 times; the client stops at 10
		// and does not retry.
		_, err := e.c.Redirect(ctx, 12, nil)
		ae := apiError(t, err, http.StatusFound)
		if !strings.Contains(ae.Message, "10 redirects") {
			t.Errorf("message = %q", ae.Message)
		}
		if got := e.srv.count("GET /redirect/12"); got != 1 {
			t.Errorf("%d first requests, want 1 (never retried)", got)
		}

		// A redirect to a scheme the client does not follow is the server's
		// mistake: one APIError, not retried.
		_, err = e.c.RedirectTo(ctx, &httpbin.RedirectToParams{URL: "ftp://example.com/file"})
		apiError(t, err, http.StatusFound)
		if got := e.srv.count("GET /redirect-to"); got != 1 {
			t.Errorf("%d attempts, want 1", got)
		}

		// 307 keeps the method and the body; 302 turns a POST into a GET
		// without a body, as browsers and net/http do.
		note := &httpbin.Note{Title: "moved"}
		got, err := e.c.PostRedirectTo(ctx, note, &httpbin.PostRedirectToParams{URL: "/anything", StatusCode: httpbin.Ptr(307)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Method != http.MethodPost || got.Data != `{"title":"moved"}` {
			t.Errorf("after 307: %s %q, want the POST and its body replayed", got.Method, got.Data)
		}
		got, err = e.c.PostRedirectTo(ctx, note, &httpbin.PostRedirectToParams{URL: "/anything", StatusCode: httpbin.Ptr(302)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Method != http.MethodGet || got.Data != "" {
			t.Errorf("after 302: %s %q, want a GET without body", got.Method, got.Data)
		}
	})
}

func TestTimeouts(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		ctx := t.Context()
		// Client-wide timeout per attempt; a timed-out GET is retried.
		_, err := e.c.Delay(ctx, 3, httpbin.WithCallMaxRetries(1))
		var te *httpbin.TimeoutError
		if !errors.As(err, &te) || !errors.Is(err, httpbin.ErrTimeout) {
			t.Fatalf("err = %T %v, want *TimeoutError matching ErrTimeout", err, err)
		}
		if te.Timeout != 100*time.Millisecond {
			t.Errorf("Timeout = %v", te.Timeout)
		}
		if got := e.srv.count("GET /delay/3"); got != 2 {
			t.Errorf("%d attempts, want 2", got)
		}

		// Per call, shorter than the client's.
		_, err = e.c.Delay(ctx, 2, httpbin.WithCallTimeout(20*time.Millisecond), httpbin.WithCallMaxRetries(0))
		if !errors.As(err, &te) || te.Timeout != 20*time.Millisecond {
			t.Errorf("err = %v, want a 20ms *TimeoutError", err)
		}

		// A fast answer within the timeout.
		got, err := e.c.Delay(ctx, 0.01)
		if err != nil {
			t.Fatal(err)
		}
		if got.Method != http.MethodGet {
			t.Errorf("echo = %+v", got)
		}
	}, httpbin.WithTimeout(100*time.Millisecond))
}

func TestCallerCancel(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		arrived := e.srv.watch()
		ctx, cancel := context.WithCancel(t.Context())
		go func() {
			<-arrived // the request is at the server, which waits 3 s
			cancel()
		}()
		_, err := e.c.Delay(ctx, 3)
		var ce *httpbin.ClientError
		if !errors.As(err, &ce) || !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %T %v, want a *ClientError matching context.Canceled", err, err)
		}
		if errors.Is(err, httpbin.ErrTimeout) || errors.Is(err, httpbin.ErrConnection) {
			t.Errorf("%v: a caller's cancel is neither a timeout nor a connection error", err)
		}
		if got := e.srv.count("GET /delay/3"); got != 1 {
			t.Errorf("%d attempts, want 1 (a cancel is not retried)", got)
		}

		// A context that already ended sends nothing.
		_, err = e.c.Get(ctx, nil)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
		if got := e.srv.count("GET /get"); got != 0 {
			t.Errorf("%d requests sent with a dead context", got)
		}
	})
}

func TestServerDown(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		e.srv.Close()
		err := e.c.Status(t.Context(), 200)
		var ce *httpbin.ConnectionError
		if !errors.As(err, &ce) || !errors.Is(err, httpbin.ErrConnection) {
			t.Fatalf("err = %T %v, want *ConnectionError", err, err)
		}
		if got := e.attempts.waits(); got != 3 {
			t.Errorf("%d backoff waits, want 3 (a refused GET is retried)", got)
		}
		if e.c.HealthCheck(t.Context()) {
			t.Error("HealthCheck = true against a closed server")
		}
	})
}

func TestAuthThroughOptionsToday(t *testing.T) {
	// Until client.auth exists, credentials go through WithHeader and
	// WithRequestEditor.
	t.Run("bearer", func(t *testing.T) {
		both(t, func(t *testing.T, e env) {
			got, err := e.c.Bearer(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if !got.Authenticated || got.Token != "tok-123" {
				t.Errorf("bearer = %+v", got)
			}
		}, httpbin.WithHeader("Authorization", "Bearer tok-123"))
	})

	basic := httpbin.WithRequestEditor(func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth("ann", "pw")
		return nil
	})
	t.Run("basic", func(t *testing.T) {
		both(t, func(t *testing.T, e env) {
			got, err := e.c.BasicAuth(t.Context(), "ann", "pw")
			if err != nil {
				t.Fatal(err)
			}
			if !got.Authenticated || got.User != "ann" {
				t.Errorf("basic = %+v", got)
			}
			_, err = e.c.BasicAuth(t.Context(), "ann", "other")
			apiError(t, err, http.StatusUnauthorized)
		}, basic)
	})
}

func TestAuthFromTheCatalog(t *testing.T) {
	// httpbin.yaml declares client.auth {scheme: bearer}: the credential
	// comes from WithAuth, WithAuthFunc or WithCallAuth.
	t.Run("WithAuth", func(t *testing.T) {
		both(t, func(t *testing.T, e env) {
			got, err := e.c.Bearer(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if !got.Authenticated || got.Token != "tok-static" {
				t.Errorf("bearer = %+v", got)
			}
		}, httpbin.WithAuth("tok-static"))
	})
	t.Run("WithAuthFunc and WithCallAuth", func(t *testing.T) {
		calls := 0
		both(t, func(t *testing.T, e env) {
			got, err := e.c.Bearer(t.Context())
			if err != nil || got.Token != "tok-refreshed" {
				t.Fatalf("bearer = %+v, %v", got, err)
			}
			got, err = e.c.Bearer(t.Context(), httpbin.WithCallAuth("tok-call"))
			if err != nil || got.Token != "tok-call" {
				t.Fatalf("bearer with call auth = %+v, %v", got, err)
			}
		}, httpbin.WithAuthFunc(func(context.Context) (string, error) { calls++; return "tok-refreshed", nil }))
		if calls != 2 { // once per flavour; not for the call with its own credential
			t.Errorf("the auth function ran %d times, want 2", calls)
		}
	})
	t.Run("no credential", func(t *testing.T) {
		both(t, func(t *testing.T, e env) {
			var info httpbin.ResponseInfo
			_, err := e.c.Bearer(t.Context(), httpbin.WithResponseInto(&info))
			var apiErr *httpbin.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 {
				t.Fatalf("err = %v, want a 401 APIError", err)
			}
			if info.StatusCode != 401 || info.Attempts != 1 || info.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("info = %+v", info)
			}
		})
	})
}

func TestResponseInfoFromARealServer(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		var info httpbin.ResponseInfo
		x := "v-1"
		if _, err := e.c.ResponseHeaders(t.Context(), &httpbin.ResponseHeadersParams{XExample: &x}, httpbin.WithResponseInto(&info)); err != nil {
			t.Fatal(err)
		}
		if info.StatusCode != 200 || info.Attempts != 1 || info.Header.Get("X-Example") != "v-1" {
			t.Errorf("info = %+v", info)
		}
	})
}
