package rt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flavours calls GET path through the sync client and through its async
// flavour, so that every test below runs on both.
var flavours = []struct {
	name string
	do   func(ctx context.Context, c *Client, path string, opts ...CallOption) (any, error)
}{
	{"sync", func(ctx context.Context, c *Client, path string, opts ...CallOption) (any, error) {
		return c.Do(ctx, "GET", path, nil, nil, opts...)
	}},
	{"async", func(ctx context.Context, c *Client, path string, opts ...CallOption) (any, error) {
		return c.Async().Do(ctx, "GET", path, nil, nil, opts...).Wait(ctx)
	}},
}

func authOf(scheme, in, name string, env ...string) settings {
	s := testSettings()
	s.auth = authSettings{scheme: scheme, in: in, name: name, env: env}
	return s
}

func TestAuthSchemesOnBothFlavours(t *testing.T) {
	cases := []struct {
		name   string
		s      settings
		opts   []Option
		header string // request header that carries it, or "" for the query
		want   string
	}{
		{"bearer option", authOf("bearer", "", ""), []Option{WithAuth("tok-123456")}, "Authorization", "Bearer tok-123456"},
		{"bearer env", authOf("bearer", "", "", "TOKEN_A", "TOKEN_B"), []Option{withLookupEnv(testkit.Env(map[string]string{"TOKEN_B": "env-tok-99"}))}, "Authorization", "Bearer env-tok-99"},
		{"basic", authOf("basic", "", ""), []Option{WithBasicAuth("alice", "s3cret-pw")}, "Authorization", "Basic YWxpY2U6czNjcmV0LXB3"},
		{"api key header", authOf("api_key", "header", "X-Api-Key"), []Option{WithAuth("key-abcdef")}, "X-Api-Key", "key-abcdef"},
		{"api key cookie", authOf("api_key", "cookie", "session_id"), []Option{WithAuth("cookie-val")}, "Cookie", "session_id=cookie-val"},
		{"api key query", authOf("api_key", "query", "appid"), []Option{WithAuth("q-key-1234")}, "", "appid=q-key-1234"},
		{"func per attempt", authOf("bearer", "", ""), []Option{WithAuthFunc(func(context.Context) (string, error) { return "fresh-token", nil })}, "Authorization", "Bearer fresh-token"},
	}
	for _, tc := range cases {
		for _, f := range flavours {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
				c := newTestClient(t, tc.s, srv.URL, tc.opts...)
				_, err := f.do(t.Context(), c.Client, "/items")
				require.NoError(t, err)
				r := srv.Requests()[0]
				if tc.header == "" {
					assert.Equal(t, tc.want, r.Query)
				} else {
					assert.Equal(t, tc.want, r.Header.Get(tc.header))
				}
			})
		}
	}
}

func TestAuthCredentialIsMaskedInErrorsAndResponseInfo(t *testing.T) {
	for _, tc := range []struct {
		name   string
		s      settings
		secret string
	}{
		{"header", authOf("api_key", "header", "X-Api-Key"), "key-abcdef"},
		{"query", authOf("api_key", "query", "appid"), "key-abcdef"},
		{"basic password", authOf("basic", "", ""), "key-abcdef"},
	} {
		for _, f := range flavours {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				// The server echoes the credential in its error body and in headers.
				srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("X-Api-Key", "key-abcdef")
					w.Header().Set("Set-Cookie", "sid=abcdef123")
					w.Header().Set("X-Request-Id", "rq-7")
					writeJSON(w, 401, `{"detail":"bad key key-abcdef at `+r.URL.String()+`"}`)
				})
				cred := tc.secret
				if tc.s.auth.scheme == "basic" {
					cred = "user:" + tc.secret
				}
				c := newTestClient(t, tc.s, srv.URL, WithAuth(cred))
				var info ResponseInfo
				_, err := f.do(t.Context(), c.Client, "/items", WithResponseInto(&info))
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.NotContains(t, apiErr.Error(), tc.secret)
				assert.NotContains(t, apiErr.Verbose(), tc.secret)
				assert.NotContains(t, apiErr.URL, tc.secret)
				assert.NotContains(t, apiErr.Details["detail"], tc.secret)
				assert.Equal(t, "[REDACTED]", apiErr.Header.Get("Set-Cookie"))
				assert.Equal(t, "[REDACTED]", info.Header.Get("Set-Cookie"))
				if tc.s.auth.in == "header" {
					assert.Equal(t, "[REDACTED]", apiErr.Header.Get("X-Api-Key"))
					assert.Equal(t, "[REDACTED]", info.Header.Get("X-Api-Key"))
				}
				assert.Equal(t, 401, info.StatusCode)
				assert.Equal(t, "rq-7", info.RequestID)
				assert.Equal(t, 1, info.Attempts)
			})
		}
	}
}

func TestAuthFuncErrorStopsTheCallUnsent(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
			boom := errors.New("token endpoint down")
			c := newTestClient(t, authOf("bearer", "", ""), srv.URL,
				WithAuthFunc(func(context.Context) (string, error) { return "", boom }))
			var info ResponseInfo
			_, err := f.do(t.Context(), c.Client, "/items", WithResponseInto(&info))
			var ce *ClientError
			require.ErrorAs(t, err, &ce)
			assert.IsType(t, &ClientError{}, err)
			assert.ErrorIs(t, err, boom)
			assert.Equal(t, 0, srv.Count())
			assert.Equal(t, 0, info.Attempts)
		})
	}
}

func TestAuthFuncIsCalledPerAttempt(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(503, `{}`), testkit.Reply(200, `{}`))
			n := 0
			c := newTestClient(t, authOf("bearer", "", ""), srv.URL,
				WithAuthFunc(func(context.Context) (string, error) { n++; return "tok-" + strings.Repeat("x", n), nil }))
			var info ResponseInfo
			_, err := f.do(t.Context(), c.Client, "/items", WithResponseInto(&info))
			require.NoError(t, err)
			reqs := srv.Requests()
			require.Len(t, reqs, 2)
			assert.Equal(t, "Bearer tok-x", reqs[0].Header.Get("Authorization"))
			assert.Equal(t, "Bearer tok-xx", reqs[1].Header.Get("Authorization"))
			assert.Equal(t, ResponseInfo{StatusCode: 200, Header: info.Header, RequestID: "", Attempts: 2}, info)
		})
	}
}

func TestAuthPerCallOverrideAndPublicEndpoint(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
			c := newTestClient(t, authOf("bearer", "", ""), srv.URL, WithAuth("client-token"))
			_, err := f.do(t.Context(), c.Client, "/items", WithCallAuth("call-token"))
			require.NoError(t, err)
			assert.Equal(t, "Bearer call-token", srv.Requests()[0].Header.Get("Authorization"))

			req := getReq("/public")
			req.noAuth = true
			_, err = callValueOptional[json.RawMessage](t.Context(), c.core, req, nil)
			require.NoError(t, err)
			assert.Empty(t, srv.Requests()[1].Header.Get("Authorization"))
		})
	}
}

func TestAuthOptionsNeedACatalogScheme(t *testing.T) {
	_, err := newClient(testSettings(), []Option{WithBaseURL("http://x"), WithAuth("t")})
	require.ErrorContains(t, err, "client.auth")
	_, err = newClient(authOf("bearer", "", ""), []Option{WithBaseURL("http://x"), WithAuth("a\nb")})
	require.ErrorContains(t, err, "control character")
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
	c := newTestClient(t, testSettings(), srv.URL)
	_, err = c.Do(t.Context(), "GET", "/x", nil, nil, WithCallAuth("t"))
	require.ErrorContains(t, err, "client.auth")
	assert.Equal(t, 0, srv.Count())
}

// A redirect to another host carries neither the credential's header nor
// its query parameter, even when the Location repeats the query.
func TestAuthDoesNotFollowACrossHostRedirect(t *testing.T) {
	for _, tc := range []struct {
		name string
		s    settings
	}{
		{"header", authOf("api_key", "header", "X-Api-Key")},
		{"query", authOf("api_key", "query", "appid")},
		{"bearer", authOf("bearer", "", "")},
		{"cookie", authOf("api_key", "cookie", "sid")},
	} {
		for _, f := range flavours {
			t.Run(tc.name+"/"+f.name, func(t *testing.T) {
				other := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
				srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
					http.Redirect(w, r, other.URL+"/landing?"+r.URL.RawQuery+"&keep=1", http.StatusFound)
				})
				c := newTestClient(t, tc.s, srv.URL, WithAuth("key-abcdef"))
				_, err := f.do(t.Context(), c.Client, "/items")
				require.NoError(t, err)
				got := other.Requests()[0]
				assert.Contains(t, got.Query, "keep=1")
				assert.NotContains(t, got.Query, "key-abcdef")
				for k, vs := range got.Header {
					assert.NotContains(t, strings.Join(vs, ","), "key-abcdef", k)
				}
			})
		}
	}
}

func TestResponseInfoOnConnectionFailure(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			c := newTestClient(t, testSettings(), testkit.ClosedURL(t), WithMaxRetries(1))
			info := ResponseInfo{StatusCode: 99}
			_, err := f.do(t.Context(), c.Client, "/items", WithResponseInto(&info))
			require.Error(t, err)
			assert.Equal(t, ResponseInfo{Attempts: 2}, info)
		})
	}
}

func TestEndpointHeadersCallHeadersAndCallQuery(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
			c := newTestClient(t, testSettings(), srv.URL, WithHeader("X-Client", "c"), WithHeader("X-Api-Version", "client"))
			req := getReq("/items")
			req.query = url.Values{"a": {"1"}}
			req.header = http.Header{"X-Api-Version": {"2"}, "X-Trace": {"t-1"}}
			ctx := t.Context()
			run := func(opts ...CallOption) (any, error) {
				if f.name == "async" {
					return goCall(ctx, func(ctx context.Context) (json.RawMessage, error) {
						return callValueOptional[json.RawMessage](ctx, c.core, req, opts)
					}).Wait(ctx)
				}
				return callValueOptional[json.RawMessage](ctx, c.core, req, opts)
			}
			_, err := run(WithCallHeader("X-Trace", "call"), WithCallQuery("a", "2"), WithCallQuery("debug", "on"))
			require.NoError(t, err)
			got := srv.Requests()[0]
			assert.Equal(t, "a=1&a=2&debug=on", got.Query)
			assert.Equal(t, "2", got.Header.Get("X-Api-Version")) // the endpoint's wins over the client's
			assert.Equal(t, "call", got.Header.Get("X-Trace"))    // the call's wins over the endpoint's
			assert.Equal(t, "c", got.Header.Get("X-Client"))
			assert.Equal(t, url.Values{"a": {"1"}}, req.query, "the request is not changed")

			req.header = http.Header{"X-Trace": {"bad\r\nX-Injected: 1"}}
			_, err = run()
			require.ErrorContains(t, err, "invalid header parameter")
			req.header = nil
			_, err = run(WithCallQuery("", "x"))
			require.ErrorContains(t, err, "empty query parameter name")
			assert.Equal(t, 1, srv.Count())
		})
	}
}

func TestPathEscapeGreedy(t *testing.T) {
	for in, want := range map[string]string{
		"a":               "a",
		"dir/file.txt":    "dir/file.txt",
		"a b/c?d/e#f/%":   "a%20b/c%3Fd/e%23f/%25",
		"dir//x/":         "dir//x/",
		"ünï/cødé":        "%C3%BCn%C3%AF/c%C3%B8d%C3%A9",
		"...":             "...",
		"x/.hidden/y..z/": "x/.hidden/y..z/",
	} {
		assert.Equal(t, want, pathEscapeGreedy(in), in)
	}
	for in, bad := range map[string]bool{"a/../b": true, "./a": true, "a/.": true, "..": true, "a/.../b": false, ".a/b.": false} {
		assert.Equal(t, bad, dotSegmentParam("path", in, "") != "", in)
	}
}

func TestGreedyDotSegmentIsRefusedUnsent(t *testing.T) {
	for _, f := range flavours {
		t.Run(f.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `{}`))
			c := newTestClient(t, testSettings(), srv.URL)
			req := getReq("/files/" + pathEscapeGreedy("a/../secret"))
			req.emptyParam = dotSegmentParam("path", "a/../secret", emptyParam("path", "a/../secret"))
			ctx := t.Context()
			var err error
			if f.name == "async" {
				_, err = goCall(ctx, func(ctx context.Context) (json.RawMessage, error) {
					return callValueOptional[json.RawMessage](ctx, c.core, req, nil)
				}).Wait(ctx)
			} else {
				_, err = callValueOptional[json.RawMessage](ctx, c.core, req, nil)
			}
			require.ErrorContains(t, err, `path parameter path holds a "." or ".." segment`)
			assert.IsType(t, &ClientError{}, err)
			assert.Equal(t, 0, srv.Count())
		})
	}
}

func TestHealthURLOutsideTheBaseURL(t *testing.T) {
	for _, f := range []string{"sync", "async"} {
		t.Run(f, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(200, `ok`))
			other := testkit.NewStepServer(t, testkit.Reply(200, `ok`))
			check := func(c *Client) bool {
				if f == "async" {
					ok, _ := c.Async().HealthCheck(t.Context()).Wait(t.Context())
					return ok
				}
				return c.HealthCheck(t.Context())
			}
			s := authOf("bearer", "", "")
			s.healthURL = "/healthz"
			c := newTestClient(t, s, srv.URL+"/api/v1", WithAuth("tok-123456"))
			require.True(t, check(c.Client))
			got := srv.Requests()[0]
			assert.Equal(t, "/healthz", got.Path)
			assert.Equal(t, "Bearer tok-123456", got.Header.Get("Authorization"))

			s.healthURL = other.URL + "/ready?full=1"
			c = newTestClient(t, s, srv.URL+"/api/v1", WithAuth("tok-123456"))
			require.True(t, check(c.Client))
			got = other.Requests()[0]
			assert.Equal(t, "/ready", got.Path)
			assert.Equal(t, "full=1", got.Query)
			assert.Empty(t, got.Header.Get("Authorization"), "no credential to another host")
		})
	}
}
