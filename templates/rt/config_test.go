package rt

import (
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBaseURLPriority(t *testing.T) {
	both := map[string]string{
		"KTRDR_API_CLIENT_BASE_URL": "http://primary:1/api/v1/",
		"KTRDR_API_URL":             "http://alias:2/api/v1",
	}
	aliasOnly := map[string]string{"KTRDR_API_URL": "http://alias:2/api/v1/"}
	tests := []struct {
		name string
		opts []Option
		env  map[string]string
		want string
	}{
		{"explicit wins over everything", []Option{WithBaseURL("http://explicit:9/x/"), WithFlagURL("http://flag:8")}, both, "http://explicit:9/x"},
		{"flag gets the API prefix", []Option{WithFlagURL("http://flag:8")}, both, "http://flag:8/api/v1"},
		{"flag with trailing slash gets the prefix once", []Option{WithFlagURL("http://flag:8/")}, nil, "http://flag:8/api/v1"},
		{"flag with an /api/ path is kept", []Option{WithFlagURL("http://flag:8/api/v2/")}, nil, "http://flag:8/api/v2"},
		{"flag ending in /api is kept", []Option{WithFlagURL("http://flag:8/api")}, nil, "http://flag:8/api"},
		{"flag with another path gets the prefix", []Option{WithFlagURL("http://flag:8/ktrdr")}, nil, "http://flag:8/ktrdr/api/v1"},
		{"empty flag is ignored", []Option{WithFlagURL("")}, both, "http://primary:1/api/v1"},
		{"primary environment variable", nil, both, "http://primary:1/api/v1"},
		{"alias environment variable", nil, aliasOnly, "http://alias:2/api/v1"},
		{"empty primary falls to the alias", nil, map[string]string{"KTRDR_API_CLIENT_BASE_URL": " ", "KTRDR_API_URL": "http://alias:2"}, "http://alias:2"},
		{"catalog default", nil, nil, "http://localhost:8000/api/v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]Option{withLookupEnv(testkit.Env(tt.env))}, tt.opts...)
			c, err := newClient(testSettings(), opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, c.BaseURL())
		})
	}
}

// Explicit options win over the environment, and the client sends what
// they say: the retry delay (on a synctest bubble's clock), the user agent
// and the extra header.
func TestExplicitConfigurationWinsOverEnvironment(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		env := map[string]string{
			"KTRDR_API_CLIENT_BASE_URL":    "http://env-host:1/api/v1",
			"KTRDR_API_CLIENT_TIMEOUT":     "12",
			"KTRDR_API_CLIENT_MAX_RETRIES": "7",
			"KTRDR_API_CLIENT_RETRY_DELAY": "3",
		}
		srv := testkit.NewMemStepServer(t, testkit.Reply(503, `{"detail":"busy"}`))
		c, err := newClient(testSettings(), []Option{
			withLookupEnv(testkit.Env(env)),
			WithBaseURL(srv.URL + "/"),
			WithHTTPClient(srv.Client()),
			WithTimeout(2 * time.Second),
			WithMaxRetries(1),
			WithRetryDelay(250 * time.Millisecond),
			WithRetryJitter(0),
			WithUserAgent("my-agent/1.0"),
			WithHeader("X-Trace", "t-1"),
		})
		require.NoError(t, err)
		defer c.Close()
		assert.Equal(t, srv.URL, c.BaseURL(), "explicit URL, trailing slash stripped")
		assert.Equal(t, 2*time.Second, c.Timeout())
		assert.Equal(t, 1, c.MaxRetries())
		assert.Equal(t, 250*time.Millisecond, c.RetryDelay())

		_, err = call(t.Context(), c.core, getReq("/items"), nil, new(item))
		require.Error(t, err)
		assert.Equal(t, 2, srv.Count())
		assert.Equal(t, []time.Duration{250 * time.Millisecond}, srv.Gaps())
		h := srv.Requests()[1].Header
		assert.Equal(t, "my-agent/1.0", h.Get("User-Agent"))
		assert.Equal(t, "t-1", h.Get("X-Trace"))
	})
}

func TestCustomConfigurationFromEnvironment(t *testing.T) {
	env := map[string]string{
		"KTRDR_API_CLIENT_TIMEOUT":     "2.5",
		"KTRDR_API_CLIENT_MAX_RETRIES": " 5 ",
		"KTRDR_API_CLIENT_RETRY_DELAY": "0.25",
	}
	c, err := newClient(testSettings(), []Option{withLookupEnv(testkit.Env(env))})
	require.NoError(t, err)
	assert.Equal(t, 2500*time.Millisecond, c.Timeout())
	assert.Equal(t, 5, c.MaxRetries())
	assert.Equal(t, 250*time.Millisecond, c.RetryDelay())
}

func TestCustomCatalogDefaults(t *testing.T) {
	s := testSettings()
	s.baseURL = "https://api.example.com/v2/"
	s.timeout = 7 * time.Second
	s.retry.maxRetries = 1
	s.retry.baseDelay = 2 * time.Second
	s.userAgent = ""
	c, err := newClient(s, []Option{withLookupEnv(testkit.NoEnv)})
	require.NoError(t, err)
	assert.Equal(t, "https://api.example.com/v2", c.BaseURL())
	assert.Equal(t, 7*time.Second, c.Timeout())
	assert.Equal(t, 1, c.MaxRetries())
	assert.Equal(t, 2*time.Second, c.RetryDelay())
	assert.Equal(t, "ktrdr-go-client", c.core.userAgent, "derived from the name")
}

func TestInvalidEnvironmentValues(t *testing.T) {
	tests := []struct {
		name, variable, value string
	}{
		{"timeout not a number", "KTRDR_API_CLIENT_TIMEOUT", "thirty"},
		{"timeout zero", "KTRDR_API_CLIENT_TIMEOUT", "0"},
		{"timeout negative", "KTRDR_API_CLIENT_TIMEOUT", "-1"},
		{"timeout NaN", "KTRDR_API_CLIENT_TIMEOUT", "NaN"},
		{"retries fractional", "KTRDR_API_CLIENT_MAX_RETRIES", "2.5"},
		{"retries negative", "KTRDR_API_CLIENT_MAX_RETRIES", "-1"},
		{"delay not a number", "KTRDR_API_CLIENT_RETRY_DELAY", "1s"},
		{"delay negative", "KTRDR_API_CLIENT_RETRY_DELAY", "-0.5"},
		{"base URL without scheme", "KTRDR_API_CLIENT_BASE_URL", "localhost:8000"},
		{"base URL alias not http", "KTRDR_API_URL", "ftp://host/api/v1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newClient(testSettings(), []Option{withLookupEnv(testkit.Env(map[string]string{tt.variable: tt.value}))})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.variable)
			assert.Contains(t, err.Error(), tt.value)
		})
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  Option
		want string
	}{
		{"zero timeout", WithTimeout(0), "timeout"},
		{"negative retries", WithMaxRetries(-1), "max retries"},
		{"negative delay", WithRetryDelay(-time.Second), "retry delay"},
		{"negative jitter", WithRetryJitter(-time.Second), "invalid retry jitter -1s (want a non-negative duration)"},
		{"bad base URL", WithBaseURL("not a url"), "base URL"},
		{"header value with LF", WithHeader("X-Token", "a\nInjected: 1"), "header X-Token: value contains a control character (LF)"},
		{"header value with CR", WithHeader("X-Token", "a\rb"), "control character (CR)"},
		{"header value with NUL", WithHeader("X-Token", "a\x00Injected"), "control character (NUL)"},
		{"header value with SOH", WithHeader("X-Token", "a\x01Injected"), "control character (0x01)"},
		{"header value with ESC", WithHeader("X-Token", "Injected\x1b[0m"), "control character (0x1B)"},
		{"header value with DEL", WithHeader("X-Token", "Injected\x7f"), "control character (DEL)"},
		{"header name with colon", WithHeader("X-A:B", "v"), "invalid header name"},
		{"user agent with CRLF", WithUserAgent("ua\r\nX: y"), "control character (CR)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := newClient(testSettings(), []Option{withLookupEnv(testkit.NoEnv), tt.opt})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "Injected", "header values are never echoed")
		})
	}
}

func TestBaseURLErrorHidesCredentials(t *testing.T) {
	_, err := newClient(testSettings(), []Option{withLookupEnv(testkit.NoEnv), WithBaseURL("ftp://user:hunter2@host/api")})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

func TestHTTPClientIsNotModified(t *testing.T) {
	hc := &http.Client{Timeout: time.Minute}
	c, err := newClient(testSettings(), []Option{withLookupEnv(testkit.NoEnv), WithHTTPClient(hc)})
	require.NoError(t, err)
	assert.Nil(t, hc.CheckRedirect, "the caller's client keeps its redirect policy")
	assert.NotSame(t, hc, c.core.httpClient)
	assert.Equal(t, time.Minute, c.core.httpClient.Timeout)
	assert.NotNil(t, c.core.httpClient.CheckRedirect)
}

func TestClientsDoNotShareState(t *testing.T) {
	a, err := newClient(testSettings(), []Option{withLookupEnv(testkit.NoEnv), WithBaseURL("http://a")})
	require.NoError(t, err)
	b, err := newClient(testSettings(), []Option{withLookupEnv(testkit.NoEnv), WithBaseURL("http://b")})
	require.NoError(t, err)
	assert.Equal(t, "http://a", a.BaseURL())
	assert.Equal(t, "http://b", b.BaseURL())
	assert.NotSame(t, a.core.httpClient.Transport, b.core.httpClient.Transport)
}
