package rt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo is what the echo server saw.
type echo struct {
	Method      string              `json:"method"`
	Path        string              `json:"path"`
	RawPath     string              `json:"raw_path"`
	RawQuery    string              `json:"raw_query"`
	Body        string              `json:"body"`
	ContentType string              `json:"content_type"`
	Header      map[string][]string `json:"header"`
}

func newEchoServer(t *testing.T) *testkit.Server {
	return testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		out, _ := json.Marshal(echo{
			Method: r.Method, Path: r.URL.Path, RawPath: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery,
			Body: string(b), ContentType: r.Header.Get("Content-Type"), Header: r.Header,
		})
		writeJSON(w, 200, string(out))
	})
}

func TestVerbsQueryAndBody(t *testing.T) {
	srv := newEchoServer(t)
	c := newTestClient(t, testSettings(), srv.URL+"/api/v1")
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		t.Run(method, func(t *testing.T) {
			req := &request{
				endpoint: "e", method: method, path: "/items/" + pathEscape("a b/c"), maxRetries: -1,
				query: url.Values{"symbol": {"AAPL&x=1"}, "tf": {"1h", "1d"}, "space": {"a b"}},
			}
			if method != "GET" && method != "OPTIONS" {
				req.body = map[string]any{"name": "n", "values": []int{1, 2}}
			}
			got, err := call(context.Background(), c.core, req, nil, new(echo))
			require.NoError(t, err)
			assert.Equal(t, method, got.Method)
			assert.Equal(t, "/api/v1/items/a b/c", got.Path)
			assert.Equal(t, "/api/v1/items/a%20b%2Fc", got.RawPath)
			q, err := url.ParseQuery(got.RawQuery)
			require.NoError(t, err)
			assert.Equal(t, req.query, q)
			assert.Equal(t, "space=a+b&symbol=AAPL%26x%3D1&tf=1h&tf=1d", got.RawQuery)
			if req.body != nil {
				assert.JSONEq(t, `{"name":"n","values":[1,2]}`, got.Body)
				assert.Equal(t, "application/json", got.ContentType)
			} else {
				assert.Empty(t, got.Body)
				assert.Empty(t, got.ContentType)
			}
			assert.Equal(t, []string{"application/json, application/problem+json"}, got.Header["Accept"])
			assert.Equal(t, []string{"ktrdr-go-client"}, got.Header["User-Agent"])
		})
	}
}

func TestHeadRequest(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, "HEAD", r.Method)
		w.Header().Set("Content-Length", "12")
	})
	c := newTestClient(t, testSettings(), srv.URL)
	require.NoError(t, callNoContent(context.Background(), c.core, &request{endpoint: "h", method: "HEAD", path: "/x", maxRetries: -1}, nil))
}

func TestHeadersAndEditors(t *testing.T) {
	srv := newEchoServer(t)
	var mu sync.Mutex
	var order []string
	editor := func(name string) RequestEditor {
		return func(ctx context.Context, req *http.Request) error {
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			req.Header.Set("X-Edited", req.Header.Get("X-Edited")+name)
			return nil
		}
	}
	c := newTestClient(t, testSettings(), srv.URL,
		WithUserAgent("custom-agent"),
		WithHeader("X-Client", "c1"),
		WithHeader("X-Override", "client"),
		WithRequestEditor(editor("a")),
		WithRequestEditor(editor("b")),
	)
	got, err := call(context.Background(), c.core, getReq("/h"), []CallOption{WithCallHeader("X-Override", "call"), WithCallHeader("X-Call", "k")}, new(echo))
	require.NoError(t, err)
	assert.Equal(t, []string{"custom-agent"}, got.Header["User-Agent"])
	assert.Equal(t, []string{"c1"}, got.Header["X-Client"])
	assert.Equal(t, []string{"call"}, got.Header["X-Override"])
	assert.Equal(t, []string{"k"}, got.Header["X-Call"])
	assert.Equal(t, []string{"ab"}, got.Header["X-Edited"])
	assert.Equal(t, []string{"a", "b"}, order)
}

func TestEditorsRunOnEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("X-Attempt"))
		mu.Unlock()
		writeJSON(w, 503, `{}`)
	})
	n := 0
	c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(2), WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		n++
		req.Header.Set("X-Attempt", strings.Repeat("x", n))
		return nil
	}))
	_, err := call(context.Background(), c.core, getReq("/h"), nil, new(item))
	require.Error(t, err)
	assert.Equal(t, []string{"x", "xx", "xxx"}, seen)
}

func TestEditorErrorStopsTheCall(t *testing.T) {
	srv := newEchoServer(t)
	boom := errors.New("no token")
	c := newTestClient(t, testSettings(), srv.URL, WithRequestEditor(func(context.Context, *http.Request) error { return boom }))
	_, err := call(context.Background(), c.core, getReq("/h"), nil, new(echo))
	assert.ErrorIs(t, err, boom)
	var clientErr *ClientError
	assert.ErrorAs(t, err, &clientErr)
	assert.Equal(t, 0, srv.Count())
}

func TestInvalidCallOptions(t *testing.T) {
	srv := newEchoServer(t)
	c := newTestClient(t, testSettings(), srv.URL)
	for _, opt := range []CallOption{WithCallHeader("X-A", "v\r\nInjected: 1"), WithIdempotencyKey("k\n")} {
		_, err := call(context.Background(), c.core, getReq("/h"), []CallOption{opt}, new(echo))
		var clientErr *ClientError
		require.ErrorAs(t, err, &clientErr)
		assert.NotContains(t, err.Error(), "Injected")
	}
	assert.Equal(t, 0, srv.Count(), "nothing sent")
}

func TestBodyEncodings(t *testing.T) {
	srv := newEchoServer(t)
	c := newTestClient(t, testSettings(), srv.URL)
	ctx := context.Background()

	raw := json.RawMessage(`{"reason": "cancelled by client"}`)
	got, err := call(ctx, c.core, &request{endpoint: "e", method: "DELETE", path: "/x", body: raw, maxRetries: -1}, nil, new(echo))
	require.NoError(t, err)
	assert.Equal(t, string(raw), got.Body, "raw JSON is sent verbatim")
	assert.Equal(t, "application/json", got.ContentType)

	var nilItem *item
	got, err = call(ctx, c.core, &request{endpoint: "e", method: "DELETE", path: "/x", body: nilItem, maxRetries: -1}, nil, new(echo))
	require.NoError(t, err)
	assert.Empty(t, got.Body, "a nil pointer is no body")
	assert.Empty(t, got.ContentType)

	got, err = call(ctx, c.core, &request{endpoint: "e", method: "PUT", path: "/x", body: &item{ID: "z"}, maxRetries: -1}, nil, new(echo))
	require.NoError(t, err)
	assert.JSONEq(t, `{"id":"z"}`, got.Body)

	before := srv.Count()
	_, err = call(ctx, c.core, &request{endpoint: "e", method: "PUT", path: "/x", body: json.RawMessage(`{bad`), maxRetries: -1}, nil, new(echo))
	assert.ErrorContains(t, err, "not valid JSON")
	assert.Equal(t, before, srv.Count())
}

func TestUnencodableBody(t *testing.T) {
	srv := newEchoServer(t)
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, postReq("/x", map[string]any{"f": func() {}}), nil, new(echo))
	var clientErr *ClientError
	require.ErrorAs(t, err, &clientErr)
	assert.Contains(t, err.Error(), "cannot encode the request body")
	assert.Equal(t, 0, srv.Count())
}

func TestRedirectsReplayTheBody(t *testing.T) {
	for _, status := range []int{307, 308} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			var mu sync.Mutex
			var bodies []string
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				mu.Lock()
				bodies = append(bodies, r.Method+" "+r.URL.Path+" "+string(b))
				mu.Unlock()
				if r.URL.Path == "/strategies" {
					http.Redirect(w, r, "/strategies/", status)
					return
				}
				writeJSON(w, 201, `{"id":"created"}`)
			})
			c := newTestClient(t, testSettings(), srv.URL)
			got, err := call(context.Background(), c.core, postReq("/strategies", map[string]any{"name": "s"}), nil, new(item))
			require.NoError(t, err)
			assert.Equal(t, "created", got.ID)
			assert.Equal(t, []string{`POST /strategies {"name":"s"}`, `POST /strategies/ {"name":"s"}`}, bodies)
		})
	}
}

func TestRedirectGet(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/indicators" {
			http.Redirect(w, r, "/indicators/?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
			return
		}
		writeJSON(w, 200, `{"id":"`+r.URL.Query().Get("q")+`"}`)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	req := getReq("/indicators")
	req.query = url.Values{"q": {"rsi"}}
	got, err := call(context.Background(), c.core, req, nil, new(item))
	require.NoError(t, err)
	assert.Equal(t, "rsi", got.ID)
}

func TestCrossHostRedirectDropsSecrets(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]http.Header{}
	record := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			seen[name] = r.Header.Clone()
			mu.Unlock()
			writeJSON(w, 200, `{"id":"`+name+`"}`)
		}
	}
	other := testkit.Serve(t, record("other"))
	origin := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landing", http.StatusFound)
		case "/here":
			http.Redirect(w, r, "/landing", http.StatusFound)
		default:
			record("origin")(w, r)
		}
	})
	c := newTestClient(t, testSettings(), origin.URL,
		WithHeader("X-API-Key", "key-secret"),
		WithHeader("X-Trace", "t1"),
		WithRequestEditor(func(ctx context.Context, req *http.Request) error {
			req.Header.Set("Authorization", "Bearer token-secret")
			req.Header.Set("Cookie", "s=cookie-secret")
			return nil
		}),
	)

	got, err := call(context.Background(), c.core, getReq("/here"), nil, new(item))
	require.NoError(t, err)
	assert.Equal(t, "origin", got.ID)
	assert.Equal(t, "key-secret", seen["origin"].Get("X-Api-Key"), "same host keeps secrets")
	assert.Equal(t, "Bearer token-secret", seen["origin"].Get("Authorization"))

	got, err = call(context.Background(), c.core, getReq("/away"), nil, new(item))
	require.NoError(t, err)
	assert.Equal(t, "other", got.ID)
	h := seen["other"]
	assert.Empty(t, h.Get("X-Api-Key"))
	assert.Empty(t, h.Get("Authorization"))
	assert.Empty(t, h.Get("Cookie"))
	assert.Equal(t, "t1", h.Get("X-Trace"), "other headers follow")
}

func TestRedirectLoop(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/loop"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "stopped after 10 redirects", apiErr.Message)
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
	assert.False(t, apiErr.Retryable())
	assert.Equal(t, 10, srv.Count(), "ten requests, then the next redirect is refused; not retried")
	var urlErr *url.Error
	assert.False(t, errors.As(err, &urlErr), "no raw url.Error escapes")
}

func TestCallersRedirectPolicyStillApplies(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/a" {
			http.Redirect(w, r, "/b", http.StatusFound)
			return
		}
		writeJSON(w, 200, `{"id":"b"}`)
	})
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c := newTestClient(t, testSettings(), srv.URL, WithHTTPClient(hc))
	_, err := call(context.Background(), c.core, getReq("/a"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusFound, apiErr.StatusCode)
}

func TestResponseBodyLimit(t *testing.T) {
	s := testSettings()
	s.maxResponseBytes = 1024
	big := `{"id":"` + strings.Repeat("x", 2000) + `"}`
	for _, chunked := range []bool{false, true} {
		srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			if chunked {
				_, _ = w.Write([]byte(big[:10]))
				w.(http.Flusher).Flush()
				_, _ = w.Write([]byte(big[10:]))
				return
			}
			_, _ = w.Write([]byte(big))
		})
		c := newTestClient(t, s, srv.URL)
		_, err := call(context.Background(), c.core, getReq("/big"), nil, new(item))
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, "chunked=%v", chunked)
		assert.Equal(t, "response body exceeds 1024 bytes", apiErr.Message)
		assert.Equal(t, 1, srv.Count(), "not retried")

		// Exactly at the limit is fine.
		s2 := s
		s2.maxResponseBytes = int64(len(big))
		c = newTestClient(t, s2, srv.URL)
		_, err = call(context.Background(), c.core, getReq("/big"), nil, new(item))
		require.NoError(t, err)
	}
	c, err := newCore(testSettings(), []Option{withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	assert.Equal(t, testSettings().maxResponseBytes, c.maxResponseBytes)
	s.maxResponseBytes = 0
	c, err = newCore(s, []Option{withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	assert.Equal(t, int64(32<<20), c.maxResponseBytes, "default 32 MiB")
}

func TestConnectionReuseWithErrorsInBetween(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok":
			writeJSON(w, 200, `{"id":"a"}`)
		case "/missing":
			writeJSON(w, 404, `{"detail":"`+strings.Repeat("n", 5000)+`"}`)
		case "/broken":
			writeJSON(w, 500, `{"detail":"boom"}`)
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		default:
			writeJSON(w, 200, `not json`)
		}
	})
	c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(0))
	paths := []string{"/ok", "/missing", "/broken", "/empty", "/garbage"}
	for i := range 100 {
		p := paths[i%len(paths)]
		_, err := callOptional(context.Background(), c.core, getReq(p), nil, new(item))
		if p == "/ok" || p == "/empty" {
			require.NoError(t, err)
		} else {
			require.Error(t, err)
		}
	}
	opened, _ := srv.Conns()
	assert.Equal(t, 1, opened, "one TCP connection serves all requests")
}

func TestClose(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id":"a"}`) })
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/ok"), nil, new(item))
	require.NoError(t, err)
	require.NoError(t, c.Close())
	srv.WaitClosed(t) // Close released the idle connection
	// The client stays usable and opens a new connection.
	_, err = call(context.Background(), c.core, getReq("/ok"), nil, new(item))
	require.NoError(t, err)
	opened, _ := srv.Conns()
	assert.Equal(t, 2, opened)
}

func TestURLWithCredentialsIsRedacted(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 404, `{"detail":"nope"}`) })
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	u.User = url.UserPassword("me", "pw-secret")
	c := newTestClient(t, testSettings(), u.String())
	_, err = call(context.Background(), c.core, getReq("/x"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotContains(t, apiErr.URL, "pw-secret")
	assert.Contains(t, apiErr.URL, "/x")

	dead := strings.Replace(closedURL(t), "http://", "http://me:pw-secret@", 1)
	c = newTestClient(t, testSettings(), dead, WithMaxRetries(0))
	_, err = call(context.Background(), c.core, getReq("/x"), nil, new(item))
	var connErr *ConnectionError
	require.ErrorAs(t, err, &connErr)
	assert.NotContains(t, err.Error(), "pw-secret")
}

func TestSlowBodyTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":`))
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	defer close(release)
	c := newTestClient(t, testSettings(), srv.URL, WithTimeout(30*time.Millisecond), WithMaxRetries(1))
	_, err := call(context.Background(), c.core, getReq("/slow-body"), nil, new(item))
	var timeoutErr *TimeoutError
	require.ErrorAs(t, err, &timeoutErr)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, 2, srv.Count(), "a GET that timed out mid-body is retried")
}

func TestBodyResentOnEveryAttempt(t *testing.T) {
	var mu sync.Mutex
	var bodies []string
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, string(b))
		mu.Unlock()
		writeJSON(w, 503, `{}`)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	req := postReq("/start", map[string]any{"symbol": "AAPL"})
	req.idempotent = true
	_, err := call(context.Background(), c.core, req, nil, new(item))
	require.Error(t, err)
	want := `{"symbol":"AAPL"}`
	assert.Equal(t, []string{want, want, want, want}, bodies)
}
