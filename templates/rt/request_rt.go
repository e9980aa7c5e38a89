package rt

import (
	"context"
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
}

// call executes req and decodes a JSON response into a new T.
func call[T any](ctx context.Context, c *core, req *request, opts []CallOption) (*T, error) {
	panic("TODO")
}

// callValue is call for responses that are not named types (slices, maps).
func callValue[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, error) {
	panic("TODO")
}

// callNoContent executes req and discards a successful response body.
func callNoContent(ctx context.Context, c *core, req *request, opts []CallOption) error {
	panic("TODO")
}
