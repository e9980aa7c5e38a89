package rt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

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

// Hostile greedy path values stay inside the path of the API's host: the
// server receives exactly the escaped value, never another host, query or
// fragment; dot segments, escaped or not, are refused or inert.
func TestGreedyPathHostileValues(t *testing.T) {
	cases := []struct {
		value, wantPath string // wantPath: the raw path the server receives; "": refused
	}{
		{"//evil.example/x", "/f///evil.example/x"},
		{"%2e%2e/admin", "/f/%252e%252e/admin"},
		{"a/%2E%2E/b", "/f/a/%252E%252E/b"},
		{"..;/admin", "/f/..%3B/admin"},
		{"a/?q=1#frag", "/f/a/%3Fq=1%23frag"},
		{"a\\..\\b", "/f/a%5C..%5Cb"},
		{"../admin", ""},
		{"a/./b", ""},
		{"a/..", ""},
		{strings.Repeat("seg/", 2000) + "end", "/f/" + strings.Repeat("seg/", 2000) + "end"},
	}
	for _, tc := range cases {
		for _, f := range flavours {
			t.Run(fmt.Sprintf("%.20s/%s", tc.value, f.name), func(t *testing.T) {
				srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
				c := newTestClient(t, authOf("bearer", "", ""), srv.URL, WithAuth("tok-abcdef"))
				req := getReq("/f/" + pathEscapeGreedy(tc.value))
				req.emptyParam = dotSegmentParam("path", tc.value, emptyParam("path", tc.value))
				ctx := t.Context()
				var err error
				if f.name == "async" {
					_, err = goCall(ctx, func(ctx context.Context) (json.RawMessage, error) {
						return callValueOptional[json.RawMessage](ctx, c.core, req, nil)
					}).Wait(ctx)
				} else {
					_, err = callValueOptional[json.RawMessage](ctx, c.core, req, nil)
				}
				if tc.wantPath == "" {
					require.Error(t, err)
					assert.Equal(t, 0, srv.Count())
					return
				}
				require.NoError(t, err)
				got := srv.Requests()[0]
				assert.Equal(t, tc.wantPath, got.Path)
				assert.Empty(t, got.Query)
			})
		}
	}
}

// Headers net/http writes itself (Host, Content-Length, Transfer-Encoding,
// Trailer) are dropped from a request's header map: set through
// WithHeader or WithCallHeader they would silently never be sent.
func TestHeadersTheTransportWritesAreRefused(t *testing.T) {
	for _, name := range []string{"Host", "content-length", "Transfer-Encoding", "Trailer"} {
		for _, f := range flavours {
			t.Run(name+"/"+f.name, func(t *testing.T) {
				srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
				c := newTestClient(t, testSettings(), srv.URL)
				_, err := f.do(t.Context(), c.Client, "/items", WithCallHeader(name, "evil.example"))
				require.ErrorContains(t, err, "written by the HTTP client itself")
				assert.Equal(t, 0, srv.Count())
				_, err = newClient(testSettings(), []Option{WithBaseURL(srv.URL), WithHeader(name, "x")})
				require.ErrorContains(t, err, "written by the HTTP client itself")
			})
		}
	}
}

// An AuthFunc that waits on its context (a token endpoint that does not
// answer) ends with the call's deadline or the attempt timeout, reported
// as every other timeout: a *TimeoutError matching
// context.DeadlineExceeded, not a plain *ClientError.
func TestAuthFuncBlockedPastTheDeadline(t *testing.T) {
	for _, f := range flavours {
		for _, caller := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/caller deadline %v", f.name, caller), func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) {
					srv := testkit.NewMemStepServer(t, testkit.Reply(200, `{}`))
					s := authOf("bearer", "", "")
					s.retry.maxRetries = 0
					c := newMemClient(t, s, srv, WithAuthFunc(func(ctx context.Context) (string, error) {
						<-ctx.Done()
						return "", ctx.Err()
					}))
					ctx := t.Context()
					if caller {
						var cancel context.CancelFunc
						ctx, cancel = context.WithTimeout(ctx, time.Second)
						defer cancel()
					}
					_, err := f.do(ctx, c, "/items")
					var te *TimeoutError
					require.ErrorAs(t, err, &te, "%v", err)
					assert.ErrorIs(t, err, context.DeadlineExceeded)
					assert.Equal(t, 0, srv.Count())
				})
			})
		}
	}
}

// Returned credentials holding CR, LF or NUL are refused before sending,
// without being shown; concurrent calls share the function (race detector).
func TestAuthFuncHostileValuesAndConcurrency(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
			for _, bad := range []string{"tok-abc\r\nX-Injected: 1", "tok-abc\nx", "tok-abc\x00"} {
				c := newTestClient(t, authOf("bearer", "", ""), srv.URL,
					WithAuthFunc(func(context.Context) (string, error) { return bad, nil }))
				_, err := f.do(t.Context(), c.Client, "/items")
				require.ErrorContains(t, err, "control character")
				assert.NotContains(t, err.Error(), "tok-abc")
			}
			assert.Equal(t, 0, srv.Count())

			var n atomic.Int64
			c := newTestClient(t, authOf("bearer", "", ""), srv.URL,
				WithAuthFunc(func(context.Context) (string, error) { return fmt.Sprintf("tok-%d", n.Add(1)), nil }))
			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					_, err := f.do(t.Context(), c.Client, "/items")
					assert.NoError(t, err)
				})
			}
			wg.Wait()
			assert.Equal(t, int64(8), n.Load())
		})
	}
}

// A server that puts the credential into a Link next URL outside the base
// URL (to make the client carry it away, or to have it logged) does not get
// it into the error that refuses the link.
func TestLinkOutsideTheBaseURLDoesNotShowTheCredential(t *testing.T) {
	for _, fl := range pageFlavours {
		for _, link := range []string{
			"http://elsewhere.test/api/v1/link?after=3&echo=tok-abcdef",
			"http://elsewhere.test/tok-abcdef/link?after=3",
			"http://user:tok-abcdef@elsewhere.test/api/v1/link",
			"http://elsewhere.test/%zz?echo=tok-abcdef", // not a URL
		} {
			t.Run(fl.name+"/"+link, func(t *testing.T) {
				srv := &pageServer{pageConfig: pageConfig{n: 7, size: 3, link: func(string) string { return link }}}
				tc := newTestClient(t, authOf("bearer", "", ""), pagesBase, WithAuth("tok-abcdef"),
					WithHTTPClient(&http.Client{Transport: memoryTransport{srv}}))
				var errs []error
				for _, err := range fl.items(t.Context(), tc.core, pagerFor(pageLink, nil), nil) {
					if err != nil {
						errs = append(errs, err)
					}
				}
				require.Len(t, errs, 1)
				assert.NotContains(t, errorChainText(errs[0]), "tok-abcdef")
			})
		}
	}
}

// A cookie credential cannot smuggle other cookies (";"), and one that
// net/http would have to quote is still masked when echoed unquoted.
func TestCookieCredentialHostileValues(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
			_, err := newClient(authOf("api_key", "cookie", "sid"), []Option{WithBaseURL(srv.URL), WithAuth("key-abc; admin=1")})
			require.ErrorContains(t, err, `";"`)
			assert.NotContains(t, err.Error(), "key-abc")
			c := newTestClient(t, authOf("api_key", "cookie", "sid"), srv.URL, WithAuth("key-abcdef"))
			_, err = f.do(t.Context(), c.Client, "/items", WithCallAuth("key-abc;admin=1"))
			require.ErrorContains(t, err, `";"`)
			assert.Equal(t, 0, srv.Count())

			echo := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 401, `{"detail":"bad key-with space,comma"}`)
			})
			c = newTestClient(t, authOf("api_key", "cookie", "sid"), echo.URL, WithAuth("key-with space,comma"))
			_, err = f.do(t.Context(), c.Client, "/items")
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.NotContains(t, apiErr.Details["detail"], "key-with space,comma")
		})
	}
}

// RFC 7617: a basic user id cannot hold ":"; WithBasicAuth("a:b", pw)
// would send user "a" with password "b:"+pw, and an echo of pw would not
// be masked.
func TestBasicAuthUserWithColonIsRefused(t *testing.T) {
	_, err := newClient(authOf("basic", "", ""), []Option{WithBaseURL("http://127.0.0.1:1"), WithBasicAuth("a:b", "pw-abcdef")})
	require.ErrorContains(t, err, `WithBasicAuth: the user contains ":"`)
	assert.NotContains(t, err.Error(), "pw-abcdef")
}

// redirectTransport answers the first request with a redirect to to, and
// records every request after it.
type redirectTransport struct {
	to   string
	mu   sync.Mutex
	seen []*http.Request
}

func (rt *redirectTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.mu.Lock()
	first := len(rt.seen) == 0
	rt.seen = append(rt.seen, r)
	rt.mu.Unlock()
	h := http.Header{"Content-Type": {"application/json"}}
	status := 200
	if first {
		status = http.StatusFound
		h.Set("Location", rt.to)
	}
	return &http.Response{StatusCode: status, Header: h, Body: http.NoBody, Request: r, ContentLength: 0}, nil
}

// A redirect that keeps the host but changes the scheme (https → http, a
// downgrade) or the port carries no credential, in any form.
func TestRedirectDowngradeOrOtherPortCarriesNoCredential(t *testing.T) {
	for _, tc := range secretSchemes {
		for _, to := range []string{"http://api.test/landing", "https://api.test:8443/landing", "https://API.test.:443/landing"} {
			for _, f := range flavours {
				t.Run(tc.name+"/"+to+"/"+f.name, func(t *testing.T) {
					rt := &redirectTransport{to: to + "?keep=1"}
					c := newTestClient(t, tc.s, "https://api.test", WithAuth(tc.cred), WithHTTPClient(&http.Client{Transport: rt}))
					_, err := f.do(t.Context(), c.Client, "/items?q=1")
					require.NoError(t, err)
					require.Len(t, rt.seen, 2)
					got := rt.seen[1]
					assert.NotContains(t, got.URL.RawQuery, tc.echo)
					for k, vs := range got.Header {
						assert.NotContains(t, strings.Join(vs, ","), tc.echo, k)
					}
				})
			}
		}
	}
}

// The credential echoed in error bodies of every kind: plain text, HTML,
// a JSON string, nested JSON, a JSON key, JSON \u escapes, a body over the
// error limit (only its start kept) and a query-escaped form.
func TestCredentialEchoedInErrorBodies(t *testing.T) {
	big := `{"message":"bad token tok-abcdef","pad":"` + strings.Repeat("x", maxErrorBodyBytes) + `"}`
	for _, tc := range []struct{ name, ctype, body string }{
		{"text", "text/plain", "invalid token tok-abcdef"},
		{"html", "text/html", "<html><body><p>token tok-abcdef refused</p></body></html>"},
		{"json string", "application/json", `"token tok-abcdef refused"`},
		{"json nested", "application/json", `{"errors":[{"detail":{"token":"tok-abcdef"}}]}`},
		{"json key", "application/json", `{"tok-abcdef":"refused"}`},
		{"json escapes", "application/json", `{"message":"tok-\u0061bcdef refused"}`},
		{"over the limit", "application/json", big},
		{"query escaped", "text/plain", "got tok-abc%2Fdef+%2B"},
	} {
		for _, f := range flavours {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", tc.ctype)
					w.WriteHeader(401)
					_, _ = w.Write([]byte(tc.body))
				})
				cred := "tok-abcdef"
				if tc.name == "query escaped" {
					cred = "tok-abc/def +"
				}
				c := newTestClient(t, authOf("bearer", "", ""), srv.URL, WithAuth(cred))
				_, err := f.do(t.Context(), c.Client, "/items")
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				all := errorChainText(err) + apiErr.Verbose() + fmt.Sprintf("%v", apiErr.Details)
				assert.NotContains(t, all, "tok-abcdef")
				assert.NotContains(t, all, "tok-abc%2Fdef")
			})
		}
	}
}

// A health url on another host gets neither the credential of client.auth
// nor the client's secret headers (WithHeader("Authorization", ...) on a
// catalog without client.auth, a secret_headers header): the same rule as
// a redirect to another host.
func TestHealthURLOnAnotherHostGetsNoSecretHeaders(t *testing.T) {
	for _, f := range []string{"sync", "async"} {
		t.Run(f, func(t *testing.T) {
			other := testkit.NewStepServer(t, testkit.Reply(200, `ok`))
			srv := testkit.NewStepServer(t, testkit.Reply(200, `ok`))
			s := testSettings()
			s.secretHeaders = append(s.secretHeaders, "X-Shop-Token")
			s.healthURL = other.URL + "/ready"
			c := newTestClient(t, s, srv.URL, WithHeader("Authorization", "Bearer tok-abcdef"),
				WithHeader("X-Shop-Token", "shop-abcdef"), WithHeader("X-Plain", "p"))
			ok := c.HealthCheck(t.Context())
			if f == "async" {
				ok, _ = c.Async().HealthCheck(t.Context()).Wait(t.Context())
			}
			require.True(t, ok)
			got := other.Requests()[len(other.Requests())-1]
			assert.Empty(t, got.Header.Get("Authorization"))
			assert.Empty(t, got.Header.Get("X-Shop-Token"))
			assert.Equal(t, "p", got.Header.Get("X-Plain"))
		})
	}
}
