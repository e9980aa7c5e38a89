package rt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Option configures a client at construction. The resulting configuration
// is immutable.
type Option func(*options)

// options collects the values of Options before resolution.
type options struct {
	baseURL     string
	flagURL     string
	httpClient  *http.Client
	timeout     *time.Duration
	maxRetries  *int
	retryDelay  *time.Duration
	retryJitter *time.Duration
	userAgent   *string
	editors     []RequestEditor
	headers     http.Header
	lookupEnv   func(string) (string, bool)
	sleep       func(ctx context.Context, d time.Duration) error
	random      func() float64
	clock       func() time.Time
	auth        string // WithAuth
	authSet     bool
	authFunc    AuthFunc
	errs        []error
}

// RequestEditor changes an outgoing request, for example to add
// authentication. Editors run in order on every attempt; an error stops the
// call.
type RequestEditor func(ctx context.Context, req *http.Request) error

// WithBaseURL sets the base URL explicitly; it wins over every other source.
// It must be an absolute http or https URL without a query or fragment.
func WithBaseURL(baseURL string) Option {
	return func(o *options) { o.baseURL = baseURL }
}

// WithFlagURL passes the value of a command-line --url flag. It wins over the
// environment and the catalog default; when it has no "/api/" path, the
// catalog's API prefix is appended. An empty value is ignored.
func WithFlagURL(flagURL string) Option {
	return func(o *options) { o.flagURL = flagURL }
}

// WithHTTPClient sets the *http.Client used for requests (TLS settings,
// proxies, transport). The client is not modified: the runtime works on a
// shallow copy that adds its own redirect policy around the client's one.
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) { o.httpClient = hc }
}

// WithTimeout sets the default per-attempt timeout; it must be positive.
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = &d }
}

// WithMaxRetries sets how many times a failed request is retried after the
// first attempt; it must not be negative.
func WithMaxRetries(n int) Option {
	return func(o *options) { o.maxRetries = &n }
}

// WithRetryDelay sets the base delay of the exponential backoff; it must not
// be negative.
func WithRetryDelay(d time.Duration) Option {
	return func(o *options) { o.retryDelay = &d }
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(o *options) {
		if err := checkHeader("User-Agent", ua); err != nil {
			o.errs = append(o.errs, err)
			return
		}
		o.userAgent = &ua
	}
}

// WithRequestEditor adds an editor that runs on every attempt, after the
// client's own headers are set. Several editors run in the order given.
func WithRequestEditor(fn RequestEditor) Option {
	return func(o *options) {
		if fn != nil {
			o.editors = append(o.editors, fn)
		}
	}
}

// WithHeader adds a header to every request. An invalid key, or a value
// containing a control character (CR, LF, NUL, DEL…; HTAB is allowed),
// makes the constructor fail.
func WithHeader(key, value string) Option {
	return func(o *options) { o.errs = addHeader(&o.headers, key, value, o.errs) }
}

// WithRetryJitter sets the bound of the random part of the backoff (each
// delay adds jitter·U[0,1)), overriding the catalog's retry jitter; it must
// not be negative. Zero makes the delays deterministic: with
// WithRetryDelay(0) as well, retries do not wait at all (for example in
// tests against a local server).
func WithRetryJitter(d time.Duration) Option {
	return func(o *options) { o.retryJitter = &d }
}

// The options below are hooks for the package's own tests, unexported so
// that they are no part of the client's API: tests against a loopback
// server use them to avoid real waits and the process environment; tests
// with an in-memory transport run in a testing/synctest bubble instead.

// withLookupEnv replaces os.LookupEnv for reading the catalog's environment
// variables.
func withLookupEnv(fn func(string) (string, bool)) Option {
	return func(o *options) { o.lookupEnv = fn }
}

// withSleeper replaces the function that waits between retries and polls.
// It must return early with ctx.Err() when ctx ends.
func withSleeper(fn func(ctx context.Context, d time.Duration) error) Option {
	return func(o *options) { o.sleep = fn }
}

// withRandom replaces the source of the backoff jitter; fn returns a value
// in [0, 1).
func withRandom(fn func() float64) Option {
	return func(o *options) { o.random = fn }
}

// withClock replaces time.Now, used to interpret Retry-After dates and
// operation deadlines.
func withClock(fn func() time.Time) Option {
	return func(o *options) { o.clock = fn }
}

// CallOption changes one call.
type CallOption func(*callOptions)

// callOptions collects the CallOptions of one call.
type callOptions struct {
	timeout        time.Duration // per attempt; 0: endpoint or client default
	deadline       time.Duration // across all attempts; 0: none
	maxRetries     *int
	headers        http.Header
	query          url.Values // WithCallQuery
	idempotencyKey string
	auth           string // WithCallAuth
	authSet        bool
	info           *ResponseInfo // WithResponseInto; nil: not asked
	errs           []error
}

// WithCallTimeout sets the timeout of each attempt of this call.
func WithCallTimeout(d time.Duration) CallOption {
	return func(o *callOptions) { o.timeout = d }
}

// WithCallDeadline bounds the whole call, all attempts and the waits between
// them included.
func WithCallDeadline(d time.Duration) CallOption {
	return func(o *callOptions) { o.deadline = d }
}

// WithCallMaxRetries sets the number of retries of this call.
func WithCallMaxRetries(n int) CallOption {
	return func(o *callOptions) { o.maxRetries = &n }
}

// WithCallHeader adds a header to this call's requests. An invalid key, or
// a value containing a control character (CR, LF, NUL, DEL…; HTAB is
// allowed), makes the call fail before anything is sent.
func WithCallHeader(key, value string) CallOption {
	return func(o *callOptions) { o.errs = addHeader(&o.headers, key, value, o.errs) }
}

// WithCallQuery adds a query parameter to this call's request, after the
// endpoint's own (both are sent when they share a name). An empty key
// makes the call fail before anything is sent.
func WithCallQuery(key, value string) CallOption {
	return func(o *callOptions) {
		if key == "" {
			o.errs = append(o.errs, errors.New("WithCallQuery: empty query parameter name"))
			return
		}
		if o.query == nil {
			o.query = url.Values{}
		}
		o.query.Add(key, value)
	}
}

// addHeader adds key: value to *h, or, when checkHeader refuses them, the
// reason to errs.
func addHeader(h *http.Header, key, value string, errs []error) []error {
	if err := checkHeader(key, value); err != nil {
		return append(errs, err)
	}
	switch c := http.CanonicalHeaderKey(key); c {
	case "Host", "Content-Length", "Transfer-Encoding", "Trailer":
		// net/http drops them from the header map: never sent.
		return append(errs, fmt.Errorf("header %s is written by the HTTP client itself (from the URL and the body); it cannot be set", c))
	}
	if *h == nil {
		*h = http.Header{}
	}
	h.Add(key, value)
	return errs
}

// WithIdempotencyKey sends key in the catalog's idempotency header (or
// "Idempotency-Key" when the catalog names none) on every attempt, which
// makes a POST or PATCH safe to retry.
func WithIdempotencyKey(key string) CallOption {
	return func(o *callOptions) {
		if err := checkHeader("Idempotency-Key", key); err != nil {
			o.errs = append(o.errs, err)
			return
		}
		o.idempotencyKey = key
	}
}

// checkHeader refuses header names and values that could split a request.
// The value is never part of the error: it may be a secret.
func checkHeader(key, value string) error {
	if key == "" {
		return errors.New("empty header name")
	}
	for _, r := range key {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune("\"(),/:;<=>?@[\\]{}", r) {
			return fmt.Errorf("invalid header name %q", key)
		}
	}
	for i := 0; i < len(value); i++ {
		// RFC 9110 field-value: HTAB, SP, visible ASCII and obs-text; CR
		// and LF could split the request, and the transport refuses the
		// other control characters.
		if b := value[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return fmt.Errorf("header %s: value contains a control character (%s); a header value may hold only tabs, spaces and visible characters", key, controlName(b))
		}
	}
	return nil
}

// controlName names a control character for an error message.
func controlName(b byte) string {
	switch b {
	case '\r':
		return "CR"
	case '\n':
		return "LF"
	case 0:
		return "NUL"
	case 0x7f:
		return "DEL"
	}
	return fmt.Sprintf("0x%02X", b)
}
