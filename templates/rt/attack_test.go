package rt

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secretSchemes is one credential per way the catalog can send it.
var secretSchemes = []struct {
	name string
	s    settings
	cred string // what WithAuth gets
	echo string // what a hostile server echoes back
}{
	{"bearer", authOf("bearer", "", ""), "tok-abcdef", "tok-abcdef"},
	{"basic", authOf("basic", "", ""), "alice:pw-abcdef", "pw-abcdef"},
	{"api key header", authOf("api_key", "header", "X-Api-Key"), "key-abcdef", "key-abcdef"},
	{"api key query", authOf("api_key", "query", "appid"), "key-abcdef", "key-abcdef"},
	{"api key cookie", authOf("api_key", "cookie", "sid"), "key-abcdef", "key-abcdef"},
}

// A server that echoes the credential in ordinary response headers
// (WWW-Authenticate, a custom X-Echo, its request id) must not hand it to
// APIError.Header, ResponseInfo.Header, RequestID or Verbose().
func TestSecretEchoedInResponseHeadersIsMasked(t *testing.T) {
	for _, tc := range secretSchemes {
		for _, status := range []int{200, 401} {
			for _, f := range flavours {
				t.Run(fmt.Sprintf("%s/%d/%s", tc.name, status, f.name), func(t *testing.T) {
					srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
						w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", token="`+tc.echo+`"`)
						w.Header().Set("X-Echo", "you sent "+tc.echo)
						w.Header().Set("X-Request-Id", "rq-"+tc.echo)
						writeJSON(w, status, `{}`)
					})
					s := tc.s
					s.requestIDHeader = "X-Request-Id"
					c := newTestClient(t, s, srv.URL, WithAuth(tc.cred))
					var info ResponseInfo
					_, err := f.do(t.Context(), c.Client, "/items", WithResponseInto(&info))
					check := func(where string, h http.Header) {
						for k, vs := range h {
							assert.NotContains(t, strings.Join(vs, ","), tc.echo, where+" "+k)
						}
					}
					check("info", info.Header)
					assert.NotContains(t, info.RequestID, tc.echo)
					if status == 200 {
						require.NoError(t, err)
						return
					}
					var apiErr *APIError
					require.ErrorAs(t, err, &apiErr)
					check("APIError", apiErr.Header)
					assert.NotContains(t, apiErr.RequestID, tc.echo)
					assert.NotContains(t, apiErr.Verbose(), tc.echo)
				})
			}
		}
	}
}

// errorChainText is the text of err and of every error it wraps.
func errorChainText(err error) string {
	var b strings.Builder
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		b.WriteString(e.Error())
		b.WriteString("\n")
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return b.String()
}

// A connection failure wraps the *url.Error of net/http, whose text holds
// the URL actually sent: with an api key in the query, the key.
func TestQueryKeyIsNotInTheTransportErrorChain(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		hj, ok := w.(http.Hijacker)
		require.True(t, ok)
		conn, _, err := hj.Hijack()
		require.NoError(t, err)
		_ = conn.Close() // no response at all
	})
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			c := newTestClient(t, authOf("api_key", "query", "appid"), srv.URL, WithAuth("key-abcdef"))
			_, err := f.do(t.Context(), c.Client, "/items")
			require.Error(t, err)
			assert.NotContains(t, errorChainText(err), "key-abcdef")
			assert.NotContains(t, fmt.Sprintf("%+v", err), "key-abcdef")
		})
	}
}

// Concurrent calls of a cookie-authenticated client that also sends its
// own Cookie header values must each send their own credential.
func TestCookieAuthWithClientCookiesUnderConcurrency(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			var mu sync.Mutex
			bad := []string{}
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				want := "sid=" + r.URL.Query().Get("n")
				got := strings.Join(r.Header.Values("Cookie"), "; ")
				if !strings.Contains(got, want) {
					mu.Lock()
					bad = append(bad, got+" want "+want)
					mu.Unlock()
				}
				writeJSON(w, 200, `{}`)
			})
			c := newTestClient(t, authOf("api_key", "cookie", "sid"), srv.URL,
				WithHeader("Cookie", "a=1"), WithHeader("Cookie", "b=2"), WithHeader("Cookie", "c=3"))
			var wg sync.WaitGroup
			for i := range 16 {
				wg.Go(func() {
					n := fmt.Sprintf("tok-%04d", i)
					_, err := f.do(t.Context(), c.Client, "/items?n="+n, WithCallAuth(n))
					assert.NoError(t, err)
				})
			}
			wg.Wait()
			assert.Empty(t, bad)
		})
	}
}

var _ = errors.New
