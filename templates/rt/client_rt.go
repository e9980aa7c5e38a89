package rt

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client is the synchronous client: every method blocks until the call
// ends. It is safe for concurrent use; its configuration is immutable.
type Client struct {
	core *core
}

// newClient builds a Client from the catalog settings and the options; the
// generated NewClient calls it with catalogSettings().
func newClient(s settings, opts []Option) (*Client, error) {
	c, err := newCore(s, opts)
	if err != nil {
		return nil, err
	}
	return &Client{core: c}, nil
}

// Close releases idle connections. The client stays usable.
func (c *Client) Close() error {
	c.core.close()
	return nil
}

// BaseURL returns the resolved base URL, without a trailing slash.
func (c *Client) BaseURL() string { return c.core.baseURL }

// Timeout returns the default per-attempt timeout.
func (c *Client) Timeout() time.Duration { return c.core.timeout }

// MaxRetries returns the default number of retries after the first attempt.
func (c *Client) MaxRetries() int { return c.core.maxRetries }

// RetryDelay returns the base delay of the retry backoff.
func (c *Client) RetryDelay() time.Duration { return c.core.retryDelay }

// Async returns an asynchronous client sharing this client's configuration
// and connections.
func (c *Client) Async() *AsyncClient { return &AsyncClient{sync: c} }

// HealthCheck reports whether the server's health endpoint answers with a
// 2xx status within the health timeout. It never retries, never panics and
// never returns an error: any failure is false.
func (c *Client) HealthCheck(ctx context.Context) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	timeout := c.core.settings.healthTimeout
	if timeout <= 0 {
		timeout = defaultHealthTimeout
	}
	req := &request{
		endpoint:   "health",
		method:     http.MethodGet,
		path:       c.core.settings.healthPath,
		timeout:    timeout,
		idempotent: true,
		noRetry:    true,
		maxRetries: 0,
		rawBody:    true,
	}
	if u := c.core.settings.healthURL; u != "" {
		req.path, req.absolute = c.core.healthURL(u), true
		// The credential goes to the API's host only.
		if hu, err := url.Parse(req.path); err != nil || c.core.base == nil || hu.Host != c.core.base.Host || hu.Scheme != c.core.base.Scheme {
			req.noAuth, req.foreignHost = true, true
		}
	}
	_, err := execute(ctx, c.core, req, nil)
	return err == nil
}

// Do calls an endpoint that is not in the catalog: path is relative to the
// base URL and already escaped, query may be nil, body (when not nil) is
// encoded as JSON (a json.RawMessage is sent verbatim). It uses the same headers, retries and error parsing as
// the generated methods; the method decides whether a retry is safe. The
// result is the raw JSON body, nil for an empty response.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, body any, opts ...CallOption) (json.RawMessage, error) {
	method = strings.ToUpper(method)
	if path != "" && !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	req := &request{
		endpoint:   method + " " + path,
		method:     method,
		path:       path,
		query:      query,
		body:       body,
		idempotent: idempotentMethod(method),
		maxRetries: -1,
	}
	return callValueOptional[json.RawMessage](ctx, c.core, req, opts)
}

// idempotentMethod reports whether HTTP says a method may be repeated.
func idempotentMethod(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}
