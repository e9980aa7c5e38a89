package rt

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// request is one call of a catalog endpoint, built by the generated
// per-endpoint request function and executed by call, callValue or
// callNoContent. Both client flavours build it the same way.
type request struct {
	endpoint   string      // catalog name, for error messages
	method     string      // upper case
	path       string      // escaped path relative to the base URL (a whole URL when absolute)
	query      url.Values  // nil when there is none
	header     http.Header // the endpoint's header parameters and fixed headers; nil when none
	body       any         // nil when there is none; encoded as JSON
	timeout    time.Duration
	maxRetries int  // -1: client default
	idempotent bool // safe to retry (GET, PUT, DELETE…, or marked in the catalog)
	noRetry    bool // the catalog forbids retries for this endpoint
	noAuth     bool // a public endpoint (auth: none): no credential is sent
	// foreignHost: the URL is on another host than the base URL (a health
	// url): the client's secret headers are not sent either.
	foreignHost bool
	rawBody     bool // a 2xx body is returned as is, never checked (health check)
	absolute    bool // path is a whole URL, not relative to the base URL (health check)
	// bodyRequired: the catalog requires a body, so a nil one is refused
	// unsent instead of sending an empty request.
	bodyRequired bool
	// emptyParam names a string path parameter that was empty: such a
	// request would reach another route, so it is refused unsent. A name
	// followed by "/.." (dotSegmentParam) is a greedy parameter holding a
	// "." or ".." segment, refused for the same reason.
	emptyParam string
	// media is a body or a response that is not JSON; nil: neither.
	media *mediaBody
}

// emptyParam returns the name of the first empty value among name, value
// pairs, or "". Request builders call it with their string path
// parameters.
func emptyParam(pairs ...string) string {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return pairs[i]
		}
	}
	return ""
}

// response is a completed HTTP exchange with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
	u      *url.URL // the request URL, shown without credentials
	// sent is the request as sent, after request editors: its secret
	// header and query values are masked in errors.
	sent *http.Request
	// truncated: an error body longer than maxErrorBodyBytes, cut there.
	truncated bool
	stream    *streamBody // a download handed over unread (respStream)
}

// shownURL is the request URL without credentials or secret query
// values, for error messages.
func (r *response) shownURL() string { return redactURL(r.u) }

// call executes req and decodes a JSON response into v, a new *T, and
// returns it. An empty response (204 or no body) is an *APIError: the
// endpoint declares a response. The work is done by callInto, which is not
// generic; the type parameter is the pointer type, so that every response
// type shares one compiled body (all pointers have one GC shape).
func call[P any](ctx context.Context, c *core, req *request, opts []CallOption, v P) (P, error) {
	if _, err := callInto(ctx, c, req, opts, v, false); err != nil {
		var zero P
		return zero, err
	}
	return v, nil
}

// callOptional is call for an endpoint whose response may be empty
// (response_optional in the catalog): an empty response gives a nil *T and
// no error.
func callOptional[P any](ctx context.Context, c *core, req *request, opts []CallOption, v P) (P, error) {
	if empty, err := callInto(ctx, c, req, opts, v, true); err != nil || empty {
		var zero P
		return zero, err
	}
	return v, nil
}

// callValue is call for responses that are not named types (slices, maps,
// json.RawMessage).
func callValue[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, error) {
	var v T
	if _, err := callInto(ctx, c, req, opts, &v, false); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// callValueOptional is callValue for a response that may be empty: an
// empty response gives the zero T.
func callValueOptional[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, error) {
	var v T
	if _, err := callInto(ctx, c, req, opts, &v, true); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// callInto executes req and decodes a JSON response into v, a pointer.
// empty reports a response without a result (204 or no body), in which
// case v is left untouched; unless emptyOK, such a response is an error.
func callInto(ctx context.Context, c *core, req *request, opts []CallOption, v any, emptyOK bool) (empty bool, err error) {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return false, err
	}
	if isEmptyBody(r) {
		if !emptyOK {
			return true, emptyBodyError(req, r)
		}
		return true, nil
	}
	return false, decodeJSON(c, req, r, v)
}

// callNoContent executes req and discards a successful response body.
func callNoContent(ctx context.Context, c *core, req *request, opts []CallOption) error {
	_, err := execute(ctx, c, req, opts)
	return err
}
