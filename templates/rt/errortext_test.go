package rt

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// bothFlavours runs a call of req through the sync path and through
// goCall, as the generated methods of Client and AsyncClient do.
func bothFlavours(c *testClient, req func() *request, opts ...CallOption) map[string]error {
	ctx := context.Background()
	_, syncErr := call(ctx, c.core, req(), opts, new(item))
	_, asyncErr := goCall(ctx, func(ctx context.Context) (*item, error) {
		return call(ctx, c.core, req(), opts, new(item))
	}).Wait(ctx)
	return map[string]error{"sync": syncErr, "async": asyncErr}
}

// everything renders all an error shows: message, Verbose, details, URL.
func everything(t *testing.T, err error) string {
	t.Helper()
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	details, jerr := json.Marshal(apiErr.Details)
	require.NoError(t, jerr)
	return strings.Join([]string{apiErr.Error(), apiErr.Verbose(), string(details), apiErr.URL, apiErr.Code, fmt.Sprintf("%+v", apiErr.Diagnosis)}, "\n")
}

func TestSecretsAreMaskedInErrors(t *testing.T) {
	const (
		queryToken = "q-tok-123456"
		headerKey  = "hdr-key-98765"
		bearer     = "bearer-credential-555"
		cookie     = "cookie-value-777"
	)
	echo := queryToken + " " + headerKey + " " + bearer + " " + url.QueryEscape("a b/"+queryToken) + " " + cookie
	bodies := map[string]struct{ contentType, body string }{
		"HTML page":   {"text/html", "<html><head><title>Denied " + echo + "</title></head><body>" + echo + "</body></html>"},
		"JSON detail": {"application/json", `{"detail":"bad token ` + echo + `","echo":{"` + queryToken + `":["` + bearer + `"]}}`},
		"JSON string": {"application/json", `"no access for ` + echo + `"`},
		"envelope":    {"application/json", `{"success":false,"error":{"code":"AUTH-` + headerKey + `","message":"IB gateway ` + echo + `","details":{"diagnosis":"` + bearer + `"}}}`},
		"text":        {"text/plain", "denied " + echo},
	}
	for name, b := range bodies {
		t.Run(name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", b.contentType)
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(b.body))
			})
			c := newTestClient(t, testSettings(), srv.URL,
				WithHeader("X-API-Key", headerKey),
				WithRequestEditor(func(_ context.Context, r *http.Request) error {
					r.Header.Set("Authorization", "Bearer "+bearer)
					r.Header.Set("Cookie", "session="+cookie+"; lang=en")
					return nil
				}))
			req := func() *request {
				r := getReq("/items")
				r.query = url.Values{"Access_Token": {queryToken}, "other": {"a b/" + queryToken}, "page": {"2"}}
				return r
			}
			for flavour, err := range bothFlavours(c, req) {
				shown := everything(t, err)
				for _, secret := range []string{queryToken, headerKey, bearer, cookie, url.QueryEscape(queryToken)} {
					assert.NotContains(t, shown, secret, "%s: %s leaks %q", flavour, name, secret)
				}
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Contains(t, apiErr.URL, "Access_Token=REDACTED", flavour)
				assert.Contains(t, apiErr.URL, "page=2", "other parameters stay")
				assert.NotContains(t, apiErr.Error(), "<body>", "never the raw page")
			}
		})
	}
}

func TestSecretQueryValuesAreMaskedInTransportErrors(t *testing.T) {
	c := newTestClient(t, testSettings(), closedURL(t), WithMaxRetries(0))
	req := func() *request {
		r := getReq("/items")
		r.query = url.Values{"api_key": {"k-secret-1"}, "x-amz-signature": {"sig-secret-2"}, "filter[token]": {"deep-secret-3"}}
		return r
	}
	for flavour, err := range bothFlavours(c, req) {
		require.ErrorIs(t, err, ErrConnection, flavour)
		assert.NotContains(t, err.Error(), "k-secret-1", flavour)
		assert.NotContains(t, err.Error(), "sig-secret-2", flavour)
		assert.NotContains(t, err.Error(), "deep-secret-3", flavour)
		assert.Contains(t, err.Error(), "api_key=REDACTED", flavour)
	}
}

func TestSecretQueryName(t *testing.T) {
	for _, name := range []string{"token", "TOKEN", "access_token", "api_key", "apikey", "API-Key", "key", "secret", "client_secret",
		"password", "signature", "sig", "X-Amz-Signature", "github_token", "my-secret", "db_password", "x_apikey",
		"filter[token]", "filter[API_KEY]", "auth[user]", "q[a][client_secret]"} {
		assert.True(t, secretQueryName(name), name)
	}
	for _, name := range []string{"page", "limit", "symbol", "monkey", "tokens", "keys", "sort_key", "status",
		"filter[status]", "filter[tokens]", "[token]", "filter[token"} {
		assert.False(t, secretQueryName(name), name)
	}
	u, err := url.Parse("http://user:pw@h/p?token=abc&x=1&Token=d%20e&sig")
	require.NoError(t, err)
	assert.Equal(t, "http://user:xxxxx@h/p?token=REDACTED&x=1&Token=REDACTED&sig", redactURL(u))
}

// An error keeps at most maxErrorBodyBytes of the body and
// maxMessageBytes of message, whatever the server sends.
func TestErrorBodiesAreCapped(t *testing.T) {
	huge := `{"detail":"` + strings.Repeat("x", 1<<20) + `"}`
	long := `{"detail":"` + strings.Repeat("y", 50<<10) + `"}`
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		body := huge
		if r.URL.Path == "/long" {
			body = long
		}
		writeJSON(w, 500, body)
	})
	c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(0))
	for flavour, err := range bothFlavours(c, func() *request { return getReq("/huge") }) {
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, flavour)
		assert.Equal(t, fmt.Sprintf("GET /huge: 500 Internal Server Error: application/json body, more than %d bytes, cut", maxErrorBodyBytes), apiErr.Message)
		assert.Equal(t, map[string]any{"content_type": "application/json", "size": maxErrorBodyBytes, "truncated": true}, apiErr.Details)
		assert.True(t, apiErr.Retryable(), "still a 500")
		assert.Less(t, len(everything(t, err)), 1024, flavour)
	}
	for flavour, err := range bothFlavours(c, func() *request { return getReq("/long") }) {
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr, flavour)
		assert.Len(t, apiErr.Message, maxMessageBytes, flavour)
		assert.True(t, strings.HasPrefix(apiErr.Message, "yyyy"), flavour)
	}
}

// A 2xx over max_response_bytes is still refused whole; an error status
// over it is cut and kept as an error of its status.
func TestErrorStatusOverTheResponseLimit(t *testing.T) {
	s := testSettings()
	s.maxResponseBytes = 100
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 503, `{"detail":"`+strings.Repeat("z", 500)+`"}`)
	})
	c := newTestClient(t, s, srv.URL, WithMaxRetries(0))
	_, err := call(context.Background(), c.core, getReq("/x"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 503, apiErr.StatusCode)
	assert.Equal(t, "GET /x: 503 Service Unavailable: application/json body, more than 100 bytes, cut", apiErr.Message)
	assert.True(t, apiErr.Retryable())
}

func TestSecondsText(t *testing.T) {
	assert.Equal(t, "1 second", seconds(time.Second))
	assert.Equal(t, "30 seconds", seconds(30*time.Second))
	assert.Equal(t, "0.25 seconds", seconds(250*time.Millisecond))
	assert.Equal(t, "0 seconds", seconds(0))
}
