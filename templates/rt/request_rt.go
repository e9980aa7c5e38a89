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
	endpoint   string     // catalog name, for error messages
	method     string     // upper case
	path       string     // escaped path relative to the base URL
	query      url.Values // nil when there is none
	body       any        // nil when there is none; encoded as JSON
	timeout    time.Duration
	idempotent bool // safe to retry (GET, PUT, DELETE…, or marked in the catalog)
	noRetry    bool // the catalog forbids retries for this endpoint
	maxRetries int  // -1: client default
	rawBody    bool // a 2xx body is not checked for JSON (health check)
}

// response is a completed HTTP exchange with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// call executes req and decodes a JSON response into a new T. An empty
// response (204 or no body) gives a nil *T and no error.
func call[T any](ctx context.Context, c *core, req *request, opts []CallOption) (*T, error) {
	panic("TODO")
}

// callValue is call for responses that are not named types (slices, maps).
// An empty response gives the zero T.
func callValue[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, error) {
	panic("TODO")
}

// callNoContent executes req and discards a successful response body.
func callNoContent(ctx context.Context, c *core, req *request, opts []CallOption) error {
	_, err := execute(ctx, c, req, opts)
	return err
}

// execute runs req with retries and returns the successful response.
func execute(ctx context.Context, c *core, req *request, opts []CallOption) (*response, error) {
	panic("TODO")
}
