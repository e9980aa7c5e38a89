package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// runOperation starts an operation with the start request, polls it until
// it ends and returns its final status response decoded into a T. It is
// the body of the synchronous adapters.
func runOperation[T any](ctx context.Context, c *core, start *request, spec startSpec, opts []OperationOption) (*T, error) {
	return runOperationObserved[T](ctx, c, start, "", spec, opts, nil)
}

// waitOperation attaches to the existing operation id and polls it until it
// ends. A caller's cancel sends the cancel request unless WithDetach(true)
// is given.
func waitOperation[T any](ctx context.Context, c *core, id string, opts []OperationOption) (*T, error) {
	return runOperationObserved[T](ctx, c, nil, id, startSpec{}, opts, nil)
}

// runOperationObserved is the one run shared by both client flavours: it
// starts the operation (when start is not nil) or attaches to id, follows
// it to the end and decodes the final status response into a T. observe,
// when not nil, receives every new state.
func runOperationObserved[T any](ctx context.Context, c *core, start *request, id string, spec startSpec, opts []OperationOption, observe func(OperationState)) (*T, error) {
	r, err := newOperationRun(c, spec, opts, observe)
	if err != nil {
		return nil, err
	}
	if start == nil && id == "" {
		return nil, &ClientError{Message: c.settings.name + " client: empty operation id"}
	}
	resp, err := r.run(ctx, start, id)
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := decodeJSON(c, r.statusRequest(), resp, v); err != nil {
		return nil, r.failure(opError, fmt.Sprintf("operation %s completed, but its status response cannot be decoded: %v", r.id, err), err)
	}
	return v, nil
}

// operationRun is the state of one run of the operation runner.
type operationRun struct {
	c       *core
	proto   *operationProtocol
	opts    operationOptions
	spec    startSpec
	detach  bool
	observe func(OperationState)

	interval    time.Duration // the next wait between polls
	maxInterval time.Duration
	growth      float64
	deadline    time.Time // zero: none

	id         string
	state      OperationState
	unexpected int // missing or unknown statuses in a row
}

// newOperationRun resolves the protocol and the options of one run.
func newOperationRun(c *core, spec startSpec, opts []OperationOption, observe func(OperationState)) (*operationRun, error) {
	p := c.settings.operations
	if p == nil {
		return nil, &ClientError{Message: c.settings.name + " client: the catalog declares no operation protocol"}
	}
	r := &operationRun{c: c, proto: p, spec: spec, detach: spec.detach, observe: observe}
	for _, o := range opts {
		if o != nil {
			o(&r.opts)
		}
	}
	if r.opts.detach != nil {
		r.detach = *r.opts.detach
	}
	r.interval = firstPositive(r.opts.pollInterval, p.pollInterval, defaultPollInterval)
	r.maxInterval = max(firstPositive(r.opts.pollMaxInterval, p.pollMaxInterval, r.interval), r.interval)
	r.growth = max(p.pollGrowth, 1)
	return r, nil
}

// firstPositive returns the first positive duration, or the last one.
func firstPositive(ds ...time.Duration) time.Duration {
	for _, d := range ds {
		if d > 0 {
			return d
		}
	}
	return ds[len(ds)-1]
}

// run starts the operation or attaches to id, then polls until a terminal
// status and returns the final status response.
func (r *operationRun) run(ctx context.Context, start *request, id string) (*response, error) {
	if ctx.Err() != nil {
		// An ended context sends nothing, as for a plain call, and gives
		// the error the plain call of the first request would give.
		first, opts := start, r.opts.startOptions
		if first == nil {
			r.id = id
			first, opts = r.statusRequest(), nil
		}
		_, err := execute(ctx, r.c, first, opts)
		return nil, err
	}
	if r.opts.deadline > 0 {
		r.deadline = r.c.now().Add(r.opts.deadline)
	}
	if start != nil {
		resp, err := r.start(ctx, start)
		if err != nil {
			return nil, err
		}
		if id, err = r.startID(start, resp); err != nil {
			return nil, err
		}
	}
	r.id = id
	r.state.ID = id
	r.publish()

	for {
		if ctx.Err() != nil {
			return nil, r.stop(ctx)
		}
		if r.expired() {
			return nil, r.stop(ctx)
		}
		resp, err := execute(ctx, r.c, r.statusRequest(), nil)
		if err != nil {
			if ctx.Err() != nil {
				return nil, r.stop(ctx)
			}
			return nil, r.failure(opError, fmt.Sprintf("operation %s: cannot get its status: %v", r.id, err), err)
		}
		done, err := r.handle(resp.body)
		if done || err != nil {
			return resp, err
		}
		switch err := r.wait(ctx, resp.header); {
		case err == nil:
		case ctx.Err() != nil:
			return nil, r.stop(ctx)
		case err == errDeadlinePassed:
			return nil, r.stop(ctx)
		default:
			return nil, r.failure(opError, fmt.Sprintf("operation %s: waiting to poll failed: %v", r.id, err), err)
		}
	}
}

// start sends the start request. A caller who cancels while it is in
// flight does not abandon it at once: the server may already have started
// the operation, and only the start response names it. The request gets up
// to the cancel timeout more to answer, so that the run can then cancel the
// operation on the server (or, detached, report its id), instead of leaving
// an operation running that nobody knows of.
func (r *operationRun) start(ctx context.Context, start *request) (*response, error) {
	startCtx, stopStart := context.WithCancel(context.WithoutCancel(ctx))
	defer stopStart() // also ends the watcher below
	grace := firstPositive(r.opts.cancelTimeout, r.proto.cancelTimeout, defaultCancelTimeout)
	stopWatching := context.AfterFunc(ctx, func() {
		t := time.NewTimer(grace)
		defer t.Stop()
		select {
		case <-t.C:
			stopStart()
		case <-startCtx.Done():
		}
	})
	defer stopWatching()
	return execute(startCtx, r.c, start, r.opts.startOptions)
}

// startID finds the operation id in the start response.
func (r *operationRun) startID(start *request, resp *response) (string, error) {
	var doc any
	if err := decodeJSONNumbers(resp.body, &doc); err == nil {
		for _, path := range r.spec.idFields {
			if v, ok := lookupPath(doc, path); ok {
				if id, ok := idString(v); ok {
					return id, nil
				}
			}
		}
	}
	return "", &APIError{
		ClientError: ClientError{
			Message:    fmt.Sprintf("%s client: the response of %s has no operation id (tried %s)", r.c.settings.name, start.endpoint, strings.Join(r.spec.idFields, ", ")),
			StatusCode: resp.status,
			Details:    map[string]any{"raw": truncateUTF8(string(resp.body), rawPrefixBytes)},
		},
		Endpoint: start.endpoint,
		Method:   start.method,
		URL:      resp.shownURL(),
	}
}

// idString accepts a non-empty string or a JSON number as an id.
func idString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, v != ""
	case json.Number:
		return v.String(), true
	}
	return "", false
}

// decodeJSONNumbers decodes JSON keeping numbers as json.Number.
func decodeJSONNumbers(body []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	return d.Decode(v)
}

// handle interprets one status response. It reports done with a nil error
// for a succeeded operation, an error for a failed or cancelled one, and
// not done for anything that means "poll again".
func (r *operationRun) handle(body []byte) (done bool, err error) {
	p := r.proto
	var doc any
	if err := decodeJSONNumbers(body, &doc); err != nil {
		doc = nil
	}
	if p.successField != "" {
		if v, ok := lookupPath(doc, p.successField); ok && v == false {
			return false, nil // not ready: poll again, not unexpected
		}
	}
	v, found := lookupPath(doc, p.statusField)
	status, isString := v.(string)
	valid := isString && found && status != ""
	switch {
	case valid && slices.Contains(p.inProgress, status):
		r.unexpected = 0
		r.update(doc, status)
		if r.opts.progress != nil {
			step := r.state.Step
			if step == "" {
				step = "Working..."
			}
			r.opts.progress(r.state.Percentage, "Status: "+status+" - "+step)
		}
		return false, nil
	case valid && slices.Contains(p.succeeded, status):
		r.update(doc, status)
		return true, nil
	case valid && slices.Contains(p.failed, status):
		return true, r.endedOnServer(doc, status, opFailed, "failed")
	case valid && slices.Contains(p.cancelled, status):
		return true, r.endedOnServer(doc, status, opCancelled, "was cancelled")
	}
	r.unexpected++
	limit := p.maxUnexpected
	if limit <= 0 {
		limit = defaultMaxUnexpected
	}
	if r.unexpected < limit {
		return false, nil
	}
	last := "no status"
	if found {
		b, _ := json.Marshal(v)
		last = string(b)
	}
	return true, r.failure(opFailed, fmt.Sprintf("operation %s failed: %d unexpected statuses in a row, the last: %s", r.id, r.unexpected, last), nil)
}

// update records a valid status with its progress and result.
func (r *operationRun) update(doc any, status string) {
	p := r.proto
	r.state.Status = status
	last := r.state.Percentage
	r.state.Percentage = 0
	if v, ok := lookupPath(doc, p.progressField); ok && p.progressField != "" {
		if f, ok := numberValue(v); ok {
			r.state.Percentage = clampPercentage(f, last)
		}
	}
	r.state.Step = ""
	if v, ok := lookupPath(doc, p.stepField); ok && p.stepField != "" {
		if s, ok := v.(string); ok {
			r.state.Step = s
		}
	}
	r.publish()
}

// result returns the status response's result when it is an object: the
// details of a failed or cancelled operation.
func (r *operationRun) result(doc any) map[string]any {
	v, _ := lookupPath(doc, r.proto.resultField)
	m, _ := v.(map[string]any)
	return m
}

// endedOnServer is the error of an operation that the server reports as
// failed or cancelled: the server's message, and the operation's data as
// details.
func (r *operationRun) endedOnServer(doc any, status, kind, verb string) *OperationError {
	r.update(doc, status)
	msg := fmt.Sprintf("operation %s %s", r.id, verb)
	if m := r.serverMessage(doc); m != "" {
		msg += ": " + m
	}
	e := r.failure(kind, msg, nil)
	e.Details = r.result(doc)
	return e
}

// serverMessage returns the status response's error message, or "".
func (r *operationRun) serverMessage(doc any) string {
	if r.proto.errorField == "" {
		return ""
	}
	if v, ok := lookupPath(doc, r.proto.errorField); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return ""
}

// numberValue converts a decoded JSON number; one too large for a float64
// (1e400) is ±Inf.
func numberValue(v any) (float64, bool) {
	switch v := v.(type) {
	case json.Number:
		f, err := v.Float64()
		return f, err == nil || errors.Is(err, strconv.ErrRange)
	case float64:
		return v, true
	}
	return 0, false
}

// clampPercentage brings a reported percentage into 0..100; NaN is no new
// percentage, so the last one stays.
func clampPercentage(f, last float64) float64 {
	if math.IsNaN(f) {
		return last
	}
	return min(max(f, 0), 100)
}

// publish passes the current state to the observer.
func (r *operationRun) publish() {
	if r.observe != nil {
		r.observe(r.state)
	}
}

// wait sleeps until the next poll: the current interval, or the status
// response's Retry-After when longer, never past the deadline. The
// interval then grows.
func (r *operationRun) wait(ctx context.Context, h http.Header) error {
	d := r.interval
	if ra, ok := retryAfter(h, r.c.now()); ok && ra > d {
		d = ra
		if limit := r.c.settings.retry.maxRetryAfter; limit > 0 && d > limit {
			d = limit
		}
	}
	if !r.deadline.IsZero() {
		left := r.deadline.Sub(r.c.now())
		if left <= 0 {
			return errDeadlinePassed
		}
		d = min(d, left)
	}
	if next := time.Duration(math.Round(float64(r.interval) * r.growth)); next < r.maxInterval && next > 0 {
		r.interval = next
	} else {
		r.interval = r.maxInterval
	}
	if err := r.c.sleep(ctx, d); err != nil {
		return err
	}
	if r.expired() {
		return errDeadlinePassed
	}
	return nil
}

// errDeadlinePassed reports that the run's overall deadline ran out.
var errDeadlinePassed = errors.New("operation deadline passed")

// expired reports whether the overall deadline has run out.
func (r *operationRun) expired() bool {
	return !r.deadline.IsZero() && !r.c.now().Before(r.deadline)
}

// stop ends a run that the caller's context (when it has ended) or else
// the overall deadline interrupted: unless detached, it sends the cancel
// request once, under its own timeout. The error wraps the context's error,
// or context.DeadlineExceeded.
func (r *operationRun) stop(ctx context.Context) error {
	status, what, cause := opCancelled, "cancelled", ctx.Err()
	if cause == nil {
		status, what, cause = opDeadline, fmt.Sprintf("deadline of %v exceeded", r.opts.deadline), context.DeadlineExceeded
	}
	if r.detach || r.proto.cancelPath == "" {
		if status == opCancelled {
			status = opDetached
		}
		msg := fmt.Sprintf("operation %s detached (%v); it keeps running and can be resumed by its id", r.id, cause)
		if status == opDeadline {
			msg = fmt.Sprintf("operation %s: %s; it keeps running and can be resumed by its id", r.id, what)
		}
		return r.failure(status, msg, cause)
	}
	cancelErr := r.sendCancel(ctx)
	msg := fmt.Sprintf("operation %s %s (%v)", r.id, what, cause)
	if status == opDeadline {
		msg = fmt.Sprintf("operation %s: %s; cancelled", r.id, what)
	}
	if cancelErr != nil {
		msg += "; the cancel request failed: " + cancelErr.Error()
	}
	err := r.failure(status, msg, cause)
	err.CancelErr = cancelErr
	return err
}

// sendCancel sends the cancel request once, without retries, under a
// timeout that does not depend on ctx having ended.
func (r *operationRun) sendCancel(ctx context.Context) error {
	p := r.proto
	timeout := firstPositive(r.opts.cancelTimeout, p.cancelTimeout, defaultCancelTimeout)
	method := p.cancelMethod
	if method == "" {
		method = http.MethodDelete
	}
	req := &request{
		endpoint:   "cancel operation",
		method:     strings.ToUpper(method),
		path:       operationPath(p.cancelPath, r.id),
		timeout:    timeout,
		idempotent: true,
		noRetry:    true,
		maxRetries: 0,
	}
	if p.cancelBody != "" {
		req.body = json.RawMessage(p.cancelBody)
	}
	// The request's own timeout bounds the one attempt.
	return callNoContent(context.WithoutCancel(ctx), r.c, req, nil)
}

// statusRequest builds the status request of the operation.
func (r *operationRun) statusRequest() *request {
	return &request{
		endpoint:   "operation status",
		method:     http.MethodGet,
		path:       operationPath(r.proto.statusPath, r.id),
		idempotent: true,
		maxRetries: -1,
	}
}

// failure builds the *OperationError of this run.
func (r *operationRun) failure(status, msg string, cause error) *OperationError {
	e := &OperationError{
		ClientError:  ClientError{Message: msg, Err: cause},
		OperationID:  r.id,
		Status:       status,
		ServerStatus: r.state.Status,
	}
	var ce *ClientError
	if cause != nil && errors.As(cause, &ce) {
		e.StatusCode = ce.StatusCode
	}
	return e
}

// operationPath puts the escaped id in place of the path template's
// {parameter}, so that no id can change the shape of the path.
func operationPath(tmpl, id string) string {
	esc := pathEscape(id)
	i := strings.IndexByte(tmpl, '{')
	j := strings.IndexByte(tmpl[max(i, 0):], '}')
	if i < 0 || j < 0 {
		return strings.TrimRight(tmpl, "/") + "/" + esc
	}
	return tmpl[:i] + esc + tmpl[i+j+1:]
}
