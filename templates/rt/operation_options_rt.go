package rt

import "time"

// ProgressFunc receives the progress of an operation each time the server
// reports an in-progress status: the percentage, always within 0 to 100
// (0 when the server gives none; a value outside the range is clamped to
// it; a NaN is no new percentage, and the last one is given again), and a
// message "Status: <status> - <current step or Working...>".
type ProgressFunc func(percentage float64, message string)

// OperationOption changes how one operation is run or followed.
type OperationOption func(*operationOptions)

// operationOptions collects the OperationOptions of one run.
type operationOptions struct {
	progress        ProgressFunc
	pollInterval    time.Duration
	pollMaxInterval time.Duration
	deadline        time.Duration
	detach          *bool
	cancelTimeout   time.Duration
	startOptions    []CallOption
}

// WithProgress sets the function called with the progress of every
// in-progress status. It runs on the goroutine that polls, so it should
// return quickly.
func WithProgress(fn ProgressFunc) OperationOption {
	return func(o *operationOptions) { o.progress = fn }
}

// WithPollInterval sets the first wait between two status requests; a
// non-positive value keeps the catalog's interval.
func WithPollInterval(d time.Duration) OperationOption {
	return func(o *operationOptions) { o.pollInterval = d }
}

// WithPollMaxInterval sets the longest wait between two status requests
// (the interval grows by the catalog's growth factor up to it); a
// non-positive value keeps the catalog's maximum.
func WithPollMaxInterval(d time.Duration) OperationOption {
	return func(o *operationOptions) { o.pollMaxInterval = d }
}

// WithOperationDeadline bounds the whole run. It is measured from the
// moment the run begins, before the start request; it is checked before
// every status request and no wait between two polls goes past it, while a
// request in flight is bounded by
// its own timeout. When it runs out, the run ends with an *OperationError
// of status "deadline" (matching ErrTimeout and context.DeadlineExceeded)
// and the cancel request is sent unless the run is detached. 0 means no
// deadline.
func WithOperationDeadline(d time.Duration) OperationOption {
	return func(o *operationOptions) { o.deadline = d }
}

// WithDetach overrides what a caller's cancel does: true leaves the
// operation running on the server (it can be resumed by its id), false
// sends the cancel request.
func WithDetach(detach bool) OperationOption {
	return func(o *operationOptions) { o.detach = &detach }
}

// WithCancelTimeout sets the timeout of the cancel request, which runs
// after the caller's context has ended; a non-positive value keeps the
// catalog's timeout (5 s when the catalog sets none).
func WithCancelTimeout(d time.Duration) OperationOption {
	return func(o *operationOptions) { o.cancelTimeout = d }
}

// WithStartOptions passes call options to the request that starts the
// operation (for example an idempotency key).
func WithStartOptions(opts ...CallOption) OperationOption {
	return func(o *operationOptions) { o.startOptions = append(o.startOptions, opts...) }
}
