package rt

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// defaultMaxResponseBytes bounds response bodies when the catalog sets no
// limit.
const defaultMaxResponseBytes = 32 << 20

// defaultHealthTimeout is the health check's timeout when the catalog sets
// none.
const defaultHealthTimeout = 5 * time.Second

// maxRedirects is the number of redirects followed before a call fails.
const maxRedirects = 10

// core is the resolved, immutable configuration of a client plus the few
// pieces of shared state (the HTTP client and the retry budget). Both client
// flavours and the operation runner use one core.
type core struct {
	settings settings // the catalog's settings, read-only

	baseURL    string        // resolved, no trailing slash
	base       *url.URL      // baseURL parsed, when requestURL can use it; nil otherwise
	timeout    time.Duration // default per-attempt timeout
	maxRetries int           // default retries after the first attempt
	retryDelay time.Duration // base delay of the backoff
	userAgent  string
	headers    http.Header // extra headers of every request
	// Header values of every request, built once and shared read-only by
	// the requests (copied when request editors may change them).
	jsonValue      []string // "application/json", the Content-Type of a JSON body
	acceptValue    []string // the Accept of a JSON call: JSON and RFC 9457 problems
	userAgentValue []string
	editors        []RequestEditor

	httpClient *http.Client // a copy of the caller's client with our redirect policy

	sleep  func(ctx context.Context, d time.Duration) error
	random func() float64
	now    func() time.Time

	maxResponseBytes int64
	secretHeaders    map[string]bool // canonical names, Authorization and Cookie included
	retryStatuses    map[int]bool
	budget           *retryBudget // nil when disabled
	// auth is the catalog's authentication with its credential; nil when
	// the catalog declares none.
	auth *authConfig
	// secretQuery is the query parameter of an api_key in the query, masked
	// like the names secretQueryName knows; "" when none.
	secretQuery string
}

// newCore resolves the configuration from the options, the environment and
// the catalog settings, in that order of priority.
func newCore(s settings, opts []Option) (*core, error) {
	var o options
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if len(o.errs) > 0 {
		return nil, fmt.Errorf("%s client: %w", s.name, errors.Join(o.errs...))
	}
	if o.lookupEnv == nil {
		o.lookupEnv = os.LookupEnv
	}
	c := &core{
		settings:         s,
		headers:          o.headers,
		editors:          o.editors,
		sleep:            o.sleep,
		random:           o.random,
		now:              o.clock,
		maxResponseBytes: s.maxResponseBytes,
	}
	if c.sleep == nil {
		c.sleep = sleepContext
	}
	if c.random == nil {
		c.random = rand.Float64
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.maxResponseBytes <= 0 {
		c.maxResponseBytes = defaultMaxResponseBytes
	}

	var err error
	if c.baseURL, err = resolveBaseURL(s, &o); err != nil {
		return nil, fmt.Errorf("%s client: %w", s.name, err)
	}
	if u, err := url.Parse(c.baseURL); err == nil && u.Opaque == "" && u.RawPath == "" && u.RawQuery == "" && !u.ForceQuery && u.Fragment == "" {
		c.base = u
	}
	if c.timeout, err = resolveDuration("timeout", o.timeout, s.env.timeout, o.lookupEnv, s.timeout, false); err != nil {
		return nil, fmt.Errorf("%s client: %w", s.name, err)
	}
	if c.retryDelay, err = resolveDuration("retry delay", o.retryDelay, s.env.retryDelay, o.lookupEnv, s.retry.baseDelay, true); err != nil {
		return nil, fmt.Errorf("%s client: %w", s.name, err)
	}
	if c.maxRetries, err = resolveRetries(o.maxRetries, s.env.maxRetries, o.lookupEnv, s.retry.maxRetries); err != nil {
		return nil, fmt.Errorf("%s client: %w", s.name, err)
	}
	if o.retryJitter != nil {
		if *o.retryJitter < 0 {
			return nil, fmt.Errorf("%s client: invalid retry jitter %v (want a non-negative duration)", s.name, *o.retryJitter)
		}
		c.settings.retry.jitter = *o.retryJitter
	}

	switch {
	case o.userAgent != nil:
		c.userAgent = *o.userAgent
	case s.userAgent != "":
		c.userAgent = s.userAgent
	default:
		c.userAgent = strings.ToLower(s.name) + "-go-client"
	}

	c.jsonValue = []string{"application/json"}
	c.acceptValue = []string{"application/json, application/problem+json"}
	c.userAgentValue = []string{c.userAgent}

	c.secretHeaders = map[string]bool{"Authorization": true, "Cookie": true, "Proxy-Authorization": true, "Set-Cookie": true}
	for _, h := range s.secretHeaders {
		c.secretHeaders[http.CanonicalHeaderKey(h)] = true
	}
	if c.auth, err = resolveAuth(s, &o); err != nil {
		return nil, fmt.Errorf("%s client: %w", s.name, err)
	}
	if a := c.auth; a != nil && a.in == "header" {
		c.secretHeaders[a.name] = true
	} else if a != nil && a.in == "query" {
		c.secretQuery = a.name
	}
	c.retryStatuses = map[int]bool{}
	for _, st := range s.retry.statuses {
		c.retryStatuses[st] = true
	}
	if b := s.retry.budget; b.capacity > 0 {
		c.budget = newRetryBudget(b)
	}

	base := o.httpClient
	if base == nil {
		base = &http.Client{}
		if t, ok := http.DefaultTransport.(*http.Transport); ok {
			base.Transport = t.Clone() // own connection pool, closed by Close
		}
	}
	hc := *base // shallow copy: the caller's client is never modified
	hc.CheckRedirect = c.redirectPolicy(base.CheckRedirect)
	c.httpClient = &hc
	return c, nil
}

// close releases the idle connections of the client's transport.
func (c *core) close() {
	c.httpClient.CloseIdleConnections()
}

// redirectPolicy wraps the caller's CheckRedirect: it stops after
// maxRedirects hops and removes secret headers when a redirect leaves the
// original scheme and host (port included).
func (c *core) redirectPolicy(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return errTooManyRedirects
		}
		if s := req.URL.Scheme; s != "http" && s != "https" {
			return &redirectSchemeError{scheme: s}
		}
		first := via[0].URL
		if req.URL.Host != first.Host || req.URL.Scheme != first.Scheme {
			for h := range c.secretHeaders {
				req.Header.Del(h)
			}
			// A secret query parameter the Location carries stays behind too.
			if q := dropSecretQuery(req.URL.RawQuery, c.secretQuery); q != req.URL.RawQuery {
				u := *req.URL
				u.RawQuery = q
				req.URL = &u
			}
			// net/http sets Referer to the previous URL, query included.
			if ref := req.Header.Get("Referer"); ref != "" {
				if ru, err := url.Parse(ref); err == nil {
					if q := dropSecretQuery(ru.RawQuery, c.secretQuery); q != ru.RawQuery {
						ru.RawQuery = q
						req.Header.Set("Referer", ru.String())
					}
				} else {
					req.Header.Del("Referer")
				}
			}
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// errTooManyRedirects ends a redirect loop; it becomes an *APIError.
var errTooManyRedirects = errors.New("stopped after too many redirects")

// redirectSchemeError refuses a redirect to a URL that is neither http nor
// https (ftp:, file:…): the server's mistake, reported as an *APIError and
// never retried.
type redirectSchemeError struct {
	scheme string
}

func (e *redirectSchemeError) Error() string {
	if e.scheme == "" {
		return "the server redirected to a URL without a scheme; only http and https redirects are followed"
	}
	return fmt.Sprintf("the server redirected to a %q URL; only http and https redirects are followed", e.scheme)
}

// sleepContext waits for d or until ctx ends.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// resolveBaseURL applies: explicit option > flag URL (+ API prefix) >
// environment variables in order > catalog default; the trailing slash is
// stripped and the result must be an absolute http(s) URL.
func resolveBaseURL(s settings, o *options) (string, error) {
	source, raw := "", ""
	switch {
	case o.baseURL != "":
		source, raw = "base URL option", o.baseURL
	case o.flagURL != "":
		source, raw = "flag URL", addAPIPrefix(o.flagURL, s.apiPrefix)
	default:
		for _, name := range s.env.baseURL {
			if v, ok := o.lookupEnv(name); ok && strings.TrimSpace(v) != "" {
				source, raw = "environment variable "+name, strings.TrimSpace(v)
				break
			}
		}
		if raw == "" {
			source, raw = "catalog default", s.baseURL
		}
	}
	raw = strings.TrimRight(raw, "/")
	// What follows a "?" or "#" is never shown: it may hold a token.
	shown := raw
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		shown = raw[:i]
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		if su, err := url.Parse(shown); err == nil {
			shown = su.Redacted()
		}
		return "", fmt.Errorf("%s: invalid base URL %q (want an absolute http or https URL)", source, shown)
	}
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		// Every call would go to the base path: the client appends each
		// endpoint's path to the base URL's path, not after its query.
		part := "query"
		if raw[i] == '#' {
			part = "fragment"
		}
		if su, err := url.Parse(shown); err == nil {
			shown = su.Redacted()
		}
		return "", fmt.Errorf("%s: base URL %q is followed by a %s (\"%c…\"); a base URL ends with its path: remove the %s", source, shown, part, raw[i], part)
	}
	return raw, nil
}

// addAPIPrefix appends prefix to a flag URL whose path has no "/api/"
// segment, as the reference CLI does with its --url flag.
func addAPIPrefix(raw, prefix string) string {
	raw = strings.TrimRight(raw, "/")
	if prefix == "" {
		return raw
	}
	path := raw
	if u, err := url.Parse(raw); err == nil {
		path = u.Path
	}
	if strings.Contains(path+"/", "/api/") {
		return raw
	}
	return raw + "/" + strings.TrimLeft(prefix, "/")
}

// resolveDuration applies option > environment (seconds, may be fractional)
// > catalog default.
func resolveDuration(what string, opt *time.Duration, names []string, lookup func(string) (string, bool), def time.Duration, zeroOK bool) (time.Duration, error) {
	valid := func(d time.Duration) bool { return d > 0 || (zeroOK && d == 0) }
	want := "a positive number of seconds"
	if zeroOK {
		want = "a non-negative number of seconds"
	}
	if opt != nil {
		if !valid(*opt) {
			return 0, fmt.Errorf("invalid %s %v (want %s)", what, *opt, want)
		}
		return *opt, nil
	}
	for _, name := range names {
		v, ok := lookup(name)
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f > float64(math.MaxInt64)/float64(time.Second) {
			return 0, fmt.Errorf("environment variable %s=%q: invalid %s (want %s)", name, v, what, want)
		}
		d := time.Duration(f * float64(time.Second))
		if !valid(d) {
			return 0, fmt.Errorf("environment variable %s=%q: invalid %s (want %s)", name, v, what, want)
		}
		return d, nil
	}
	return def, nil
}

// resolveRetries applies option > environment (an integer) > catalog
// default.
func resolveRetries(opt *int, names []string, lookup func(string) (string, bool), def int) (int, error) {
	if opt != nil {
		if *opt < 0 {
			return 0, fmt.Errorf("invalid max retries %d (want a non-negative integer)", *opt)
		}
		return *opt, nil
	}
	for _, name := range names {
		v, ok := lookup(name)
		if !ok || strings.TrimSpace(v) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return 0, fmt.Errorf("environment variable %s=%q: invalid max retries (want a non-negative integer)", name, v)
		}
		return n, nil
	}
	return def, nil
}
