package ktrdr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/clientgen/clientgen/spec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --- parity by construction: the model against both interfaces ---------------

// typeString renders a reflect type without the package qualifier, with
// "any" for the empty interface.
func typeString(t reflect.Type) string {
	s := t.String()
	s = strings.ReplaceAll(s, "interface {}", "any")
	s = strings.ReplaceAll(s, reflect.TypeFor[Client]().PkgPath()+".", "")
	return strings.ReplaceAll(s, "ktrdr.", "")
}

// modelType renders a catalog type expression as the generated Go type;
// top says it is a whole argument or result, where objects are pointers.
func modelType(r *spec.TypeRef, top bool) string {
	switch r.Kind {
	case spec.KindString:
		return "string"
	case spec.KindInteger:
		return "int"
	case spec.KindNumber:
		return "float64"
	case spec.KindBoolean:
		return "bool"
	case spec.KindDateTime:
		return "time.Time"
	case spec.KindAny:
		if top {
			return "json.RawMessage"
		}
		return "any"
	case spec.KindArray:
		return "[]" + modelType(r.Elem, false)
	case spec.KindMap:
		return "map[string]" + modelType(r.Elem, false)
	case spec.KindRef:
		if top && !r.Ref.IsEnum() {
			return "*" + r.Ref.GoName
		}
		return r.Ref.GoName
	}
	return fmt.Sprintf("kind %d", r.Kind)
}

// inTypes lists a method's parameter types after ctx.
func inTypes(mt reflect.Type) []string {
	var out []string
	for i := 1; i < mt.NumIn(); i++ {
		s := typeString(mt.In(i))
		if i == mt.NumIn()-1 && mt.IsVariadic() {
			s = "..." + strings.TrimPrefix(s, "[]")
		}
		out = append(out, s)
	}
	return out
}

// handleResult checks that t is *Name[...] of this package whose Wait(ctx)
// returns (want, error), and describes what is wrong.
func handleResult(t reflect.Type, name, want string) string {
	if t.Kind() != reflect.Pointer || !strings.HasPrefix(t.Elem().Name(), name+"[") || t.Elem().PkgPath() != reflect.TypeFor[Client]().PkgPath() {
		return fmt.Sprintf("returns %s, want *%s[...]", typeString(t), name)
	}
	w, ok := t.MethodByName("Wait")
	if !ok {
		return fmt.Sprintf("%s has no Wait", typeString(t))
	}
	wt := w.Type
	if wt.NumIn() != 2 || wt.In(1) != reflect.TypeFor[context.Context]() || wt.NumOut() != 2 || wt.Out(1) != reflect.TypeFor[error]() {
		return fmt.Sprintf("%s.Wait has signature %s, want Wait(ctx) (%s, error)", typeString(t), typeString(wt), want)
	}
	if got := typeString(wt.Out(0)); got != want {
		return fmt.Sprintf("returns %s whose Wait gives %s, want %s", typeString(t), got, want)
	}
	return ""
}

// parityProblems compares the endpoints of the model with the methods of
// the synchronous interface api and the asynchronous interface async: every
// endpoint has both, with the same parameters as the catalog says, the sync
// one returning (R, error) and the async one *Call[R]; every operation
// endpoint has both adapters; nothing else is there.
func parityProblems(m *spec.Model, api, async reflect.Type) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	seenSync, seenAsync := map[string]bool{}, map[string]bool{}
	ctxType := reflect.TypeFor[context.Context]()
	errType := reflect.TypeFor[error]()

	var status string
	if m.Operations != nil && m.Operations.Response != nil {
		status = modelType(m.Operations.Response, true)
	}
	opIn := func(want []string) []string {
		return append(slices.Clone(want[:len(want)-1]), "...OperationOption")
	}
	checkSync := func(name string, want []string, result string) {
		seenSync[name] = true
		mt, ok := api.MethodByName(name)
		if !ok {
			add("%s: missing from the sync flavour", name)
			return
		}
		if mt.Type.NumIn() == 0 || mt.Type.In(0) != ctxType {
			add("%s: sync: ctx is not the first parameter", name)
			return
		}
		if got := inTypes(mt.Type); !slices.Equal(got, want) {
			add("%s: sync parameters %v, want %v", name, got, want)
		}
		if mt.Type.NumOut() != 2 || mt.Type.Out(1) != errType {
			add("%s: sync returns %d values, want (%s, error)", name, mt.Type.NumOut(), result)
		} else if got := typeString(mt.Type.Out(0)); got != result {
			add("%s: sync returns %s, want %s", name, got, result)
		}
	}
	checkAsync := func(name string, want []string, handle, result string) {
		seenAsync[name] = true
		mt, ok := async.MethodByName(name)
		if !ok {
			add("%s: missing from the async flavour", name)
			return
		}
		if mt.Type.NumIn() == 0 || mt.Type.In(0) != ctxType {
			add("%s: async: ctx is not the first parameter", name)
			return
		}
		if got := inTypes(mt.Type); !slices.Equal(got, want) {
			add("%s: async parameters %v, want %v", name, got, want)
		}
		if mt.Type.NumOut() != 1 {
			add("%s: async returns %d values, want one *%s", name, mt.Type.NumOut(), handle)
		} else if p := handleResult(mt.Type.Out(0), handle, result); p != "" {
			add("%s: async %s", name, p)
		}
	}

	// checkIter checks a page iterator: the same method on both flavours,
	// returning one iter.Seq2.
	checkIter := func(name string, want []string, seq string) {
		for _, fl := range []struct {
			name string
			api  reflect.Type
			seen map[string]bool
		}{{"sync", api, seenSync}, {"async", async, seenAsync}} {
			fl.seen[name] = true
			mt, ok := fl.api.MethodByName(name)
			switch {
			case !ok:
				add("%s: missing from the %s flavour", name, fl.name)
			case mt.Type.NumIn() == 0 || mt.Type.In(0) != ctxType:
				add("%s: %s: ctx is not the first parameter", name, fl.name)
			default:
				if got := inTypes(mt.Type); !slices.Equal(got, want) {
					add("%s: %s parameters %v, want %v", name, fl.name, got, want)
				}
				if mt.Type.NumOut() != 1 || typeString(mt.Type.Out(0)) != seq {
					add("%s: %s returns %v, want %s", name, fl.name, mt.Type, seq)
				}
			}
		}
	}

	for _, ep := range m.Endpoints {
		var want []string
		for _, p := range ep.PathParams {
			want = append(want, modelType(p.Type, false))
		}
		if ep.Body != nil {
			want = append(want, modelType(ep.Body, true))
		}
		if ep.ParamsGoName != "" {
			want = append(want, "*"+ep.ParamsGoName)
		}
		want = append(want, "...CallOption")
		result := "struct {}"
		if ep.Response != nil {
			result = modelType(ep.Response, true)
		}
		checkSync(ep.GoName, want, result)
		checkAsync(ep.GoName, want, "Call", result)
		if ep.Operation != nil {
			checkSync(ep.GoName+"AndWait", opIn(want), status)
			checkAsync(ep.GoName+"Operation", opIn(want), "Operation", status)
		}
		if ep.Pagination != nil {
			all, pages := spec.PageMethodNames(ep.GoName)
			item := modelType(ep.Pagination.Item, false)
			checkIter(all, want, "iter.Seq2["+item+",error]")
			checkIter(pages, want, "iter.Seq2["+result+",error]")
		}
	}
	if m.Operations != nil {
		checkSync("WaitForOperation", []string{"string", "...OperationOption"}, status)
		checkAsync("ResumeOperation", []string{"string", "...OperationOption"}, "Operation", status)
	}
	for i := range api.NumMethod() {
		if name := api.Method(i).Name; !seenSync[name] {
			add("%s: in the sync flavour only, not in the catalog", name)
		}
	}
	for i := range async.NumMethod() {
		if name := async.Method(i).Name; !seenAsync[name] {
			add("%s: in the async flavour only, not in the catalog", name)
		}
	}
	return problems
}

func TestParityOfTheFlavoursWithTheModel(t *testing.T) {
	m := loadModel(t)
	require.NotEmpty(t, m.Endpoints)
	problems := parityProblems(m, reflect.TypeFor[API](), reflect.TypeFor[AsyncAPI]())
	assert.Empty(t, problems, "\n"+strings.Join(problems, "\n"))

	// Both concrete clients carry every method of their interface.
	assert.True(t, reflect.TypeFor[*Client]().Implements(reflect.TypeFor[API]()))
	assert.True(t, reflect.TypeFor[*AsyncClient]().Implements(reflect.TypeFor[AsyncAPI]()))
}

// driftedAsyncAPI is an async flavour that drifted from the catalog: a
// wrong result, an extra parameter, a method the catalog lacks, and every
// other endpoint missing.
type driftedAsyncAPI interface {
	ListSymbols(ctx context.Context, opts ...CallOption) *Call[*ModelsListResponse]
	GetOperation(ctx context.Context, operationID string, verbose bool, opts ...CallOption) *Call[*OperationStatusResponse]
	ListModels(ctx context.Context, opts ...CallOption) (*ModelsListResponse, error)
	Ping(ctx context.Context) *Call[bool]
}

// driftedAPI is a sync flavour whose query parameters and body drifted.
type driftedAPI interface {
	ListOperations(ctx context.Context, params *ListWorkersParams, opts ...CallOption) (*OperationListResponse, error)
	StartTraining(ctx context.Context, body TrainingRequest, opts ...CallOption) (*TrainingStartResponse, error)
	StartTrainingAndWait(ctx context.Context, body *TrainingRequest, opts ...CallOption) (*OperationStatusResponse, error)
}

// The parity check finds every kind of drift: shown with deliberately
// broken flavours and a deliberately broken model.
func TestParityCheckDetectsDrift(t *testing.T) {
	m := loadModel(t)
	api, async := reflect.TypeFor[API](), reflect.TypeFor[AsyncAPI]()

	has := func(problems []string, parts ...string) bool {
		for _, p := range problems {
			ok := true
			for _, part := range parts {
				ok = ok && strings.Contains(p, part)
			}
			if ok {
				return true
			}
		}
		return false
	}

	problems := parityProblems(m, api, reflect.TypeFor[driftedAsyncAPI]())
	joined := "\n" + strings.Join(problems, "\n")
	assert.True(t, has(problems, "ListSymbols: async", "*ModelsListResponse", "want *SymbolsResponse"), joined)
	assert.True(t, has(problems, "GetOperation: async parameters [string bool ...CallOption]"), joined)
	assert.True(t, has(problems, "ListModels: async returns 2 values"), joined)
	assert.True(t, has(problems, "Ping: in the async flavour only"), joined)
	assert.True(t, has(problems, "StartTraining: missing from the async flavour"), joined)
	assert.True(t, has(problems, "StartTrainingOperation: missing from the async flavour"), joined)
	assert.True(t, has(problems, "ResumeOperation: missing from the async flavour"), joined)
	assert.True(t, has(problems, "ListOperationsAll: missing from the async flavour"), joined)
	assert.True(t, has(problems, "ListOperationsPages: missing from the async flavour"), joined)
	assert.False(t, has(problems, ": sync "), "the sync flavour is intact")

	problems = parityProblems(m, reflect.TypeFor[driftedAPI](), async)
	joined = "\n" + strings.Join(problems, "\n")
	assert.True(t, has(problems, "ListOperations: sync parameters [*ListWorkersParams ...CallOption]"), joined)
	assert.True(t, has(problems, "StartTraining: sync parameters [TrainingRequest ...CallOption]"), joined)
	assert.True(t, has(problems, "StartTrainingAndWait: sync parameters [*TrainingRequest ...CallOption], want [*TrainingRequest ...OperationOption]"), joined)
	assert.True(t, has(problems, "GetOperation: missing from the sync flavour"), joined)

	// A model with an endpoint neither flavour has, and one whose path
	// gained a parameter.
	broken := *m
	broken.Endpoints = slices.Clone(m.Endpoints)
	for i, ep := range broken.Endpoints {
		if ep.GoName == "GetCheckpoint" {
			changed := *ep
			changed.PathParams = append(slices.Clone(ep.PathParams), &spec.Param{Name: "version", GoName: "version", Type: &spec.TypeRef{Kind: spec.KindInteger}, Required: true})
			broken.Endpoints[i] = &changed
		}
	}
	broken.Endpoints = append(broken.Endpoints, &spec.Endpoint{Name: "get_budget", GoName: "GetBudget", Method: "GET", Path: "/agent/budget", Response: &spec.TypeRef{Kind: spec.KindMap, Elem: &spec.TypeRef{Kind: spec.KindAny}}})
	problems = parityProblems(&broken, api, async)
	joined = "\n" + strings.Join(problems, "\n")
	assert.True(t, has(problems, "GetBudget: missing from the sync flavour"), joined)
	assert.True(t, has(problems, "GetBudget: missing from the async flavour"), joined)
	assert.True(t, has(problems, "GetCheckpoint: sync parameters [string ...CallOption], want [string int ...CallOption]"), joined)
	assert.True(t, has(problems, "GetCheckpoint: async parameters [string ...CallOption], want [string int ...CallOption]"), joined)
	assert.Len(t, problems, 4, joined)
}

// --- parity by test: one behaviour table, both flavours --------------------------

// invocation calls one endpoint through either flavour.
type invocation struct {
	name  string
	sync  func(ctx context.Context, c *Client, opts ...CallOption) (any, error)
	async func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error)
}

var (
	getOperation = invocation{
		name: "GetOperation",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.GetOperation(ctx, "op-1", opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.GetOperation(ctx, "op-1", opts...).Wait(ctx)
		},
	}
	listIndicators = invocation{
		name: "ListIndicators",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.ListIndicators(ctx, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.ListIndicators(ctx, opts...).Wait(ctx)
		},
	}
	getDataRange = invocation{
		name: "GetDataRange",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.GetDataRange(ctx, &DataRangeRequest{Symbol: "AAPL", Timeframe: "1d"}, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.GetDataRange(ctx, &DataRangeRequest{Symbol: "AAPL", Timeframe: "1d"}, opts...).Wait(ctx)
		},
	}
	startTraining = invocation{
		name: "StartTraining",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.StartTraining(ctx, &TrainingRequest{StrategyName: "mean_reversion"}, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.StartTraining(ctx, &TrainingRequest{StrategyName: "mean_reversion"}, opts...).Wait(ctx)
		},
	}
	deleteCheckpoint = invocation{
		name: "DeleteCheckpoint",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.DeleteCheckpoint(ctx, "op-1", opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.DeleteCheckpoint(ctx, "op-1", opts...).Wait(ctx)
		},
	}
	doIndicators = invocation{
		name: "Do",
		sync: func(ctx context.Context, c *Client, opts ...CallOption) (any, error) {
			return c.Do(ctx, "GET", "/indicators", nil, nil, opts...)
		},
		async: func(ctx context.Context, a *AsyncClient, opts ...CallOption) (any, error) {
			return a.Do(ctx, "GET", "/indicators", nil, nil, opts...).Wait(ctx)
		},
	}
)

// trainingAndWait runs the training operation with opts through either
// flavour: XAndWait, or XOperation followed by Wait with the same context
// (the README's Ctrl-C idiom). Call options go to the start request.
func trainingAndWait(opts ...OperationOption) invocation {
	body := &TrainingRequest{StrategyName: "mean_reversion"}
	with := func(co []CallOption) []OperationOption { return append(slices.Clone(opts), WithStartOptions(co...)) }
	return invocation{
		name: "StartTrainingAndWait",
		sync: func(ctx context.Context, c *Client, co ...CallOption) (any, error) {
			return c.StartTrainingAndWait(ctx, body, with(co)...)
		},
		async: func(ctx context.Context, a *AsyncClient, co ...CallOption) (any, error) {
			return a.StartTrainingOperation(ctx, body, with(co)...).Wait(ctx)
		},
	}
}

// waitForOp1 attaches to the operation op-1 through either flavour.
var waitForOp1 = invocation{
	name: "WaitForOperation",
	sync: func(ctx context.Context, c *Client, _ ...CallOption) (any, error) {
		return c.WaitForOperation(ctx, "op-1")
	},
	async: func(ctx context.Context, a *AsyncClient, _ ...CallOption) (any, error) {
		return a.ResumeOperation(ctx, "op-1").Wait(ctx)
	},
}

// canceller lets a server step end the caller's context of the run in
// progress, and records, server side, whether the operation's cancel
// request arrived before the caller's method (XAndWait, or Wait) returned.
type canceller struct {
	mu       sync.Mutex
	cancel   context.CancelFunc
	returned bool
	arrived  string
}

// reset arms c for one run under the context that cancel ends.
func (c *canceller) reset(cancel context.CancelFunc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cancel, c.returned, c.arrived = cancel, false, ""
}

// fire ends the caller's context.
func (c *canceller) fire() {
	c.mu.Lock()
	cancel := c.cancel
	c.mu.Unlock()
	cancel()
}

// then ends the caller's context, then answers with next.
func (c *canceller) then(next testkit.Step) testkit.Step {
	return func(w http.ResponseWriter, r *http.Request) {
		c.fire()
		next(w, r)
	}
}

// cancelRequest records when the cancel request arrived, then answers with
// next.
func (c *canceller) cancelRequest(next testkit.Step) testkit.Step {
	return func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		if c.returned {
			c.arrived = "after the caller returned"
		} else {
			c.arrived = "before the caller returned"
		}
		c.mu.Unlock()
		next(w, r)
	}
}

// callerReturned marks the end of the caller's method and returns what
// the server recorded of the cancel request.
func (c *canceller) callerReturned() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.returned = true
	return c.arrived
}

// errSummary is everything the parity test compares about an error.
type errSummary struct {
	Type      string
	Message   string
	Status    int
	Code      string
	Details   map[string]any
	Retryable bool
	Diagnosis *Diagnosis
	RequestID string
	// RetryAfter and RetryAfterRefused of an *APIError.
	RetryAfter        time.Duration
	RetryAfterRefused bool
	Is                map[string]bool
	// Of an *OperationError: the id, the outcome and the cancel request's
	// error ("" when none).
	OperationID string
	OpStatus    string
	CancelErr   string
}

func summarize(err error) *errSummary {
	if err == nil {
		return nil
	}
	s := &errSummary{Type: fmt.Sprintf("%T", err), Message: err.Error(), Is: map[string]bool{}}
	var ce *ClientError
	if errors.As(err, &ce) {
		s.Status, s.Details = ce.StatusCode, ce.Details
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		s.Code, s.Retryable, s.Diagnosis, s.RequestID = apiErr.Code, apiErr.Retryable(), apiErr.Diagnosis, apiErr.RequestID
		s.RetryAfter, s.RetryAfterRefused = apiErr.RetryAfter, apiErr.RetryAfterRefused
	}
	var opErr *OperationError
	if errors.As(err, &opErr) {
		s.OperationID, s.OpStatus = opErr.OperationID, opErr.Status
		if opErr.CancelErr != nil {
			s.CancelErr = fmt.Sprintf("%T: %v", opErr.CancelErr, opErr.CancelErr)
		}
	}
	for name, target := range map[string]error{
		"api": ErrAPI, "connection": ErrConnection, "timeout": ErrTimeout, "budget": ErrRetryBudgetExhausted,
		"deadline": context.DeadlineExceeded, "canceled": context.Canceled,
		"op cancelled": ErrOperationCancelled, "op failed": ErrOperationFailed, "op detached": ErrOperationDetached,
	} {
		s.Is[name] = errors.Is(err, target)
	}
	return s
}

// observation is what one flavour did in one scenario.
type observation struct {
	Attempts []string // client side, one per attempt
	Requests []testkit.Request
	Sleeps   []time.Duration
	Result   any
	Err      *errSummary
	// CancelRequest is when the server saw the operation's cancel request:
	// "" for never (by the time the caller returned).
	CancelRequest string
	// Info is what WithResponseInto filled, for a behaviour with info.
	Info *ResponseInfo
}

// behaviour is one row of the shared table.
type behaviour struct {
	name    string
	call    invocation
	steps   []testkit.Step // nil: nobody listens
	opts    []CallOption
	clients []Option
	// slow: attempts time out, so some may not reach the server in time;
	// the server's requests are then not compared.
	slow bool
	// dead: the caller's context has ended before the call.
	dead bool
	// cancel, when set, is armed with the caller's context for each run.
	cancel *canceller
	// cancelAtSleep, when positive, ends the caller's context during the
	// client's sleep of that number (from 1).
	cancelAtSleep int
	// Expectations, checked on the sync observation after both agreed.
	requests []string // "METHOD path" per attempt
	bodies   []string // JSON body per attempt, when given
	// unsent: the call is refused before any attempt (so no attempt and
	// no sleep either).
	unsent   bool
	sleeps   []time.Duration
	attempts *int   // client-side attempts when not one more than the sleeps
	cancelAt string // expected CancelRequest
	// info, when set, is passed to WithResponseInto on each run; both
	// flavours must fill it the same, and check reads it.
	info  *ResponseInfo
	check func(t *testing.T, res any, err error)
}

func apiError(status int, message string, retryable bool) func(*testing.T, any, error) {
	return func(t *testing.T, res any, err error) {
		requirePackageError(t, err)
		var apiErr *APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, status, apiErr.StatusCode)
		assert.Equal(t, message, apiErr.Message)
		assert.Equal(t, retryable, apiErr.Retryable())
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

const opBody = `{"success":true,"data":{"operation_id":"op-1","operation_type":"dummy","status":"running","created_at":"2026-01-02T03:04:05Z"}}`

func behaviours() []behaviour {
	const getOp = "GET /api/v1/operations/op-1"
	const start = "POST /api/v1/trainings/start"
	isOp := func(t *testing.T, res any, err error) {
		require.NoError(t, err)
		op, ok := res.(*OperationStatusResponse)
		require.True(t, ok, "%T", res)
		require.NotNil(t, op)
		assert.Equal(t, "op-1", op.Data.OperationID)
		assert.Equal(t, OperationStatusRunning, op.Data.Status)
	}
	// callerCancelled is the error of a call whose caller's context ended:
	// a *ClientError naming the request and matching context.Canceled.
	callerCancelled := func(request string) func(*testing.T, any, error) {
		return func(t *testing.T, res any, err error) {
			requirePackageError(t, err)
			require.IsType(t, &ClientError{}, err)
			method, path, _ := strings.Cut(request, " ")
			assert.True(t, strings.HasPrefix(err.Error(), method+" http://"), err.Error())
			assert.True(t, strings.HasSuffix(err.Error(), path+": context canceled"), err.Error())
			assert.ErrorIs(t, err, context.Canceled)
			assert.Nil(t, res.(*OperationStatusResponse))
		}
	}
	// opCancelled is the error of an operation whose caller's context
	// ended: an *OperationError of status cancelled, with the id, matching
	// ErrOperationCancelled and context.Canceled.
	opCancelled := func(message, cancelErr string) func(*testing.T, any, error) {
		return func(t *testing.T, res any, err error) {
			requirePackageError(t, err)
			var opErr *OperationError
			require.ErrorAs(t, err, &opErr)
			assert.Equal(t, "op-1", opErr.OperationID)
			assert.Equal(t, "cancelled", opErr.Status)
			assert.Equal(t, message, opErr.Error())
			assert.ErrorIs(t, err, ErrOperationCancelled)
			assert.ErrorIs(t, err, context.Canceled)
			if cancelErr == "" {
				assert.NoError(t, opErr.CancelErr)
			} else {
				requirePackageError(t, opErr.CancelErr)
				assert.Contains(t, opErr.CancelErr.Error(), cancelErr)
			}
			assert.Nil(t, res.(*OperationStatusResponse))
		}
	}
	const startOK = `{"success":true,"task_id":"op-1"}`
	const cancelOp = "DELETE /api/v1/operations/op-1"
	const cancelledBefore = "before the caller returned"
	running := testkit.Reply(200, statusBody("op-1", "running", 10, "Epoch 1/3", nil))
	cancelOK := testkit.Reply(200, `{"success":true,"data":{"status":"cancelled"}}`)
	cx := [8]*canceller{}
	for i := range cx {
		cx[i] = new(canceller)
	}
	failInfo, okInfo := new(ResponseInfo), new(ResponseInfo)
	connErr := func(t *testing.T, res any, err error) {
		requirePackageError(t, err)
		var ce *ConnectionError
		require.ErrorAs(t, err, &ce)
		assert.ErrorIs(t, err, ErrConnection)
		assert.Contains(t, ce.Message, "is the server running?")
	}
	return []behaviour{
		{
			name: "503, 503, 200", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"busy"}`), testkit.Reply(503, `{"detail":"busy"}`), testkit.Reply(200, opBody)},
			requests: repeat(getOp, 3), sleeps: catalogBackoff[:2], check: isOp,
		},
		{
			name: "500 four times", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(500, `{"detail":"boom"}`)},
			requests: repeat(getOp, 4), sleeps: catalogBackoff, check: apiError(500, "boom", true),
		},
		{
			name: "call max retries", call: getOperation, opts: []CallOption{WithCallMaxRetries(1)},
			steps:    []testkit.Step{testkit.Reply(502, `{"detail":"bad gateway"}`)},
			requests: repeat(getOp, 2), sleeps: catalogBackoff[:1], check: apiError(502, "bad gateway", true),
		},
		{
			name: "client max retries", call: getOperation, clients: []Option{WithMaxRetries(0)},
			steps:    []testkit.Step{testkit.Reply(504, `{"detail":"slow"}`)},
			requests: repeat(getOp, 1), check: apiError(504, "slow", true),
		},
		{
			name: "400", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(400, `{"detail":"bad id"}`)},
			requests: repeat(getOp, 1), check: apiError(400, "bad id", false),
		},
		{
			name: "404 envelope", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(404, `{"success":false,"error":{"code":"OPERATION-NotFound","message":"Operation op-1 not found","details":{"operation_id":"op-1"}}}`)},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(404, "Operation op-1 not found", false)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "OPERATION-NotFound", apiErr.Code)
				assert.Equal(t, map[string]any{"operation_id": "op-1"}, apiErr.Details["error"].(map[string]any)["details"])
			},
		},
		{
			name: "request id of the last attempt", call: getOperation,
			steps: []testkit.Step{
				testkit.Reply(503, `{"detail":"busy"}`, "X-Request-Id", "req-1"),
				testkit.Reply(500, `{"detail":"boom"}`, "x-request-id", "req-2"),
				testkit.Reply(500, `{"detail":"boom"}`),
				testkit.Reply(502, `{"detail":"upstream down"}`, "X-Request-ID", "req-4"),
			},
			requests: repeat(getOp, 4), sleeps: catalogBackoff,
			check: func(t *testing.T, res any, err error) {
				apiError(502, "upstream down", true)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "req-4", apiErr.RequestID)
				assert.Equal(t, "upstream down (502)\nsuggestion: "+apiErr.Suggestion()+"\nrequest id: req-4", apiErr.Verbose())
			},
		},
		{
			name: "ResponseInfo of a retried failure", call: getOperation, info: failInfo,
			steps: []testkit.Step{
				testkit.Reply(503, `{"detail":"busy"}`, "X-Request-Id", "req-1"),
				testkit.Reply(502, `{"detail":"upstream down"}`, "X-Request-ID", "req-2", "Set-Cookie", "sid=secret-1", "X-API-Key", "k-123456"),
			},
			clients:  []Option{WithMaxRetries(1)},
			requests: repeat(getOp, 2), sleeps: catalogBackoff[:1],
			check: func(t *testing.T, res any, err error) {
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, "req-2", apiErr.RequestID)
				assert.Equal(t, "[REDACTED]", apiErr.Header.Get("Set-Cookie"))
				assert.Equal(t, "[REDACTED]", apiErr.Header.Get("X-Api-Key")) // a secret_headers name
				assert.Equal(t, 502, failInfo.StatusCode)
				assert.Equal(t, 2, failInfo.Attempts)
				assert.Equal(t, "req-2", failInfo.RequestID)
				assert.Equal(t, apiErr.Header, failInfo.Header)
			},
		},
		{
			name: "ResponseInfo of a success", call: getOperation, info: okInfo,
			steps:    []testkit.Step{testkit.Reply(200, opBody, "X-Request-Id", "req-9")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				isOp(t, res, err)
				assert.Equal(t, 200, okInfo.StatusCode)
				assert.Equal(t, 1, okInfo.Attempts)
				assert.Equal(t, "req-9", okInfo.RequestID)
				assert.Equal(t, "application/json", okInfo.Header.Get("Content-Type"))
			},
		},
		{
			name: "no request id", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(404, `{"detail":"gone"}`, "X-Correlation-Id", "c-1")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(404, "gone", false)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Empty(t, apiErr.RequestID)
				assert.NotContains(t, apiErr.Verbose(), "request id")
			},
		},
		{
			name: "422 list", call: getDataRange,
			steps:    []testkit.Step{testkit.Reply(422, `{"detail":[{"loc":["body","symbol"],"msg":"Field required","type":"missing"}]}`)},
			requests: repeat("POST /api/v1/data/range", 1), check: apiError(422, "body.symbol: Field required", false),
		},
		{
			name: "retryable false on 503", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"maintenance","retryable":false}`)},
			requests: repeat(getOp, 1), check: apiError(503, "maintenance", false),
		},
		{
			name: "retryable true on 409", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(409, `{"detail":"locked","retryable":true}`), testkit.Reply(200, opBody)},
			requests: repeat(getOp, 2), sleeps: catalogBackoff[:1], check: isOp,
		},
		{
			name: "Retry-After seconds", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"busy"}`, "Retry-After", "7"), testkit.Reply(200, opBody)},
			requests: repeat(getOp, 2), sleeps: []time.Duration{7 * time.Second}, check: isOp,
		},
		{
			name: "Retry-After over the cap is refused", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(503, `{"detail":"down"}`, "Retry-After", "120")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 120*time.Second, apiErr.RetryAfter)
				assert.True(t, apiErr.RetryAfterRefused)
				assert.Contains(t, apiErr.Verbose(), "\nnot retried: the server asked to retry after 120 seconds, longer than the 60 seconds allowed")
			},
		},
		{
			name: "Retry-After on a status not retried is kept", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(429, `{"detail":"slow down"}`, "Retry-After", "7")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, 7*time.Second, apiErr.RetryAfter)
				assert.False(t, apiErr.RetryAfterRefused)
				assert.NotContains(t, apiErr.Verbose(), "not retried")
			},
		},
		{
			name: "307 redirect", call: listIndicators,
			steps:    []testkit.Step{testkit.Redirect(307, "/api/v1/indicators/v2/"), testkit.Reply(200, `{"success":true,"data":[]}`)},
			requests: []string{"GET /api/v1/indicators/", "GET /api/v1/indicators/v2/"},
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
				assert.True(t, res.(*IndicatorsListResponse).Success)
			},
		},
		{
			name: "308 redirect replays the body", call: getDataRange,
			steps:    []testkit.Step{testkit.Redirect(308, "/api/v1/data/range2"), testkit.Reply(200, `{"success":true}`)},
			requests: []string{"POST /api/v1/data/range", "POST /api/v1/data/range2"},
			bodies:   repeat(`{"symbol":"AAPL","timeframe":"1d"}`, 2),
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
				assert.True(t, res.(*DataRangeResponse).Success)
			},
		},
		{
			name: "307 redirect of a start replays the body", call: startTraining,
			steps:    []testkit.Step{testkit.Redirect(307, "/api/v1/trainings/start/"), testkit.Reply(200, `{"success":true,"task_id":"t-1"}`)},
			requests: []string{start, start + "/"},
			bodies:   repeat(`{"strategy_name":"mean_reversion"}`, 2),
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
				assert.Equal(t, "t-1", res.(*TrainingStartResponse).TaskID)
			},
		},
		{
			name: "Do follows the indicators redirect", call: doIndicators,
			steps:    []testkit.Step{testkit.Redirect(307, "/api/v1/indicators/"), testkit.Reply(200, `{"success":true}`)},
			requests: []string{"GET /api/v1/indicators", "GET /api/v1/indicators/"},
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
				assert.JSONEq(t, `{"success":true}`, string(res.(json.RawMessage)))
			},
		},
		{
			name: "204 where a response is declared", call: deleteCheckpoint,
			steps:    []testkit.Step{testkit.Reply(204, "")},
			requests: repeat("DELETE /api/v1/checkpoints/op-1", 1),
			check: func(t *testing.T, res any, err error) {
				apiError(204, "DELETE /checkpoints/op-1: 204 No Content with an empty body; a JSON response was expected", false)(t, res, err)
				assert.Nil(t, res.(*DeleteCheckpointResponse))
			},
		},
		{
			name: "empty body where a response is declared", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(200, "")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(200, "GET /operations/op-1: 200 OK with an empty body; a JSON response was expected", false)(t, res, err)
				assert.Nil(t, res.(*OperationStatusResponse))
			},
		},
		{
			name: "empty body where none is declared (Do)", call: doIndicators,
			steps:    []testkit.Step{testkit.Reply(200, "")},
			requests: repeat("GET /api/v1/indicators", 1),
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
				assert.Nil(t, res.(json.RawMessage))
			},
		},
		{
			name: "JSON string error body", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(404, `"operation op-1 not found"`)},
			requests: repeat(getOp, 1), check: apiError(404, "operation op-1 not found", false),
		},
		{
			name: "empty error body", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(404, "")},
			requests: repeat(getOp, 1), check: apiError(404, "GET /operations/op-1: 404 Not Found", false),
		},
		{
			name: "304", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(304, "")},
			requests: repeat(getOp, 1),
			check:    apiError(304, "GET /operations/op-1: 304 Not Modified (not modified since the copy the request named; the client keeps no cache, so it has no body to return)", false),
		},
		{
			name: "101", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(101, "", "Connection", "Upgrade", "Upgrade", "websocket")},
			requests: repeat(getOp, 1),
			check:    apiError(101, "GET /operations/op-1: 101 Switching Protocols (an informational status where a final response was expected)", false),
		},
		{
			name: "HTML error page", call: getOperation, clients: []Option{WithMaxRetries(0)},
			steps:    []testkit.Step{testkit.Reply(502, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center>nginx gateway</center></body></html>", "Content-Type", "text/html")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(502, `GET /operations/op-1: 502 Bad Gateway: HTML page "502 Bad Gateway", 114 bytes`, true)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, map[string]any{"content_type": "text/html", "size": 114, "title": "502 Bad Gateway"}, apiErr.Details)
				assert.Nil(t, apiErr.Diagnosis, "a proxy's page is not an IB problem")
			},
		},
		{
			name: "plain-text proxy error is not diagnosed", call: getOperation, clients: []Option{WithMaxRetries(0)},
			steps:    []testkit.Step{testkit.Reply(502, "Bad Gateway", "Content-Type", "text/plain")},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(502, "Bad Gateway", true)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Nil(t, apiErr.Diagnosis)
			},
		},
		{
			name: "FastAPI detail is not diagnosed", call: getOperation, clients: []Option{WithMaxRetries(0)},
			steps:    []testkit.Step{testkit.Reply(500, `{"detail":"database connection lost"}`)},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(500, "database connection lost", true)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Nil(t, apiErr.Diagnosis)
			},
		},
		{
			name: "envelope is diagnosed", call: getOperation, clients: []Option{WithMaxRetries(0)},
			steps:    []testkit.Step{testkit.Reply(503, `{"success":false,"error":{"code":"DATA-Error","message":"Connection refused by IB","details":{}}}`)},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(503, "Connection refused by IB", true)(t, res, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				require.NotNil(t, apiErr.Diagnosis)
				assert.Equal(t, "gateway_unreachable", apiErr.Diagnosis.Rule)
			},
		},
		{
			name: "null for a required field", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(200, `{"success":true,"data":{"operation_id":null,"operation_type":"dummy","status":"running","created_at":"2026-01-02T03:04:05Z"}}`)},
			requests: repeat(getOp, 1),
			check: func(t *testing.T, res any, err error) {
				apiError(200, "Unexpected JSON response from API: json: field OperationInfo.operation_id is required and not nullable, but the JSON has null (mark it nullable: true in the catalog if the server sends null)", false)(t, res, err)
				var nullErr *jsonNullError
				assert.ErrorAs(t, err, &nullErr)
			},
		},
		{
			name: "invalid JSON", call: getOperation,
			steps:    []testkit.Step{testkit.Reply(200, `{"success":tru`)},
			requests: repeat(getOp, 1), check: apiError(200, "Invalid JSON response from API", false),
		},
		{
			name: "slow server times out", call: getOperation,
			opts:  []CallOption{WithCallTimeout(shortTimeout), WithCallMaxRetries(1)},
			steps: []testkit.Step{testkit.Hang()}, slow: true,
			requests: repeat(getOp, 2), sleeps: catalogBackoff[:1],
			check: func(t *testing.T, res any, err error) {
				requirePackageError(t, err)
				var te *TimeoutError
				require.ErrorAs(t, err, &te)
				assert.ErrorIs(t, err, ErrTimeout)
				assert.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Equal(t, shortTimeout, te.Timeout)
				assert.True(t, strings.HasSuffix(te.Message, "/api/v1/operations/op-1: request timed out after 0.1 seconds"), te.Message)
			},
		},
		{
			name: "refused", call: getOperation,
			sleeps: catalogBackoff, check: connErr,
		},
		{
			name: "refused start is retried", call: startTraining,
			sleeps: catalogBackoff, check: connErr,
		},
		{
			name: "dropped", call: getOperation,
			steps:    []testkit.Step{testkit.Drop()},
			requests: repeat(getOp, 4), sleeps: catalogBackoff,
			check: func(t *testing.T, res any, err error) {
				requirePackageError(t, err)
				assert.ErrorIs(t, err, ErrConnection)
			},
		},
		{
			name: "dropped start is not retried", call: startTraining,
			steps:    []testkit.Step{testkit.Drop()},
			requests: repeat(start, 1),
			check: func(t *testing.T, res any, err error) {
				requirePackageError(t, err)
				assert.ErrorIs(t, err, ErrConnection)
			},
		},
		{
			name: "start 500 is not retried", call: startTraining,
			steps:    []testkit.Step{testkit.Reply(500, `{"detail":"boom"}`)},
			requests: repeat(start, 1), check: apiError(500, "boom", true),
		},
		{
			name: "idempotent POST 500 is retried", call: getDataRange,
			steps:    []testkit.Step{testkit.Reply(500, `{"detail":"boom"}`), testkit.Reply(200, `{"success":true}`)},
			requests: repeat("POST /api/v1/data/range", 2), sleeps: catalogBackoff[:1],
			bodies: repeat(`{"symbol":"AAPL","timeframe":"1d"}`, 2),
			check: func(t *testing.T, res any, err error) {
				require.NoError(t, err)
			},
		},
		// Caller-context cancellation: both flavours give the same error,
		// and an operation's cancel request reaches the server before the
		// caller's method returns.
		{
			name: "caller cancels a call in flight", call: getOperation, cancel: cx[0],
			steps:    []testkit.Step{cx[0].then(testkit.Hang())},
			requests: repeat(getOp, 1), check: callerCancelled(getOp),
		},
		{
			name: "already-cancelled context sends nothing", call: getOperation, dead: true,
			steps:    []testkit.Step{testkit.Reply(200, opBody)},
			attempts: ptr(0), check: callerCancelled(getOp),
		},
		{
			name: "already-cancelled context: a start call sends nothing", call: startTraining, dead: true,
			steps:    []testkit.Step{testkit.Reply(200, startOK)},
			attempts: ptr(0),
			check: func(t *testing.T, res any, err error) {
				callerCancelled(start)(t, (*OperationStatusResponse)(nil), err)
				assert.Nil(t, res.(*TrainingStartResponse))
			},
		},
		{
			name: "already-cancelled context: AndWait sends nothing", call: trainingAndWait(), dead: true,
			steps:    []testkit.Step{testkit.Reply(200, startOK)},
			attempts: ptr(0), check: callerCancelled(start),
		},
		{
			name: "already-cancelled context: WaitForOperation sends nothing", call: waitForOp1, dead: true,
			steps:    []testkit.Step{running},
			attempts: ptr(0), check: callerCancelled(getOp),
		},
		{
			name: "operation cancelled during its start", call: trainingAndWait(), cancel: cx[1],
			steps:    []testkit.Step{cx[1].then(testkit.Reply(200, startOK)), cx[1].cancelRequest(cancelOK)},
			requests: []string{start, cancelOp}, attempts: ptr(2), cancelAt: cancelledBefore,
			check: opCancelled("operation op-1 cancelled (context canceled)", ""),
		},
		{
			name: "operation cancelled during a start that never answers", call: trainingAndWait(WithCancelTimeout(shortTimeout)), cancel: cx[2],
			steps:    []testkit.Step{cx[2].then(testkit.Hang())},
			requests: []string{start}, check: callerCancelled(start),
		},
		{
			name: "operation cancelled while polling", call: trainingAndWait(), cancel: cx[3],
			steps:    []testkit.Step{testkit.Reply(200, startOK), cx[3].then(testkit.Hang()), cx[3].cancelRequest(cancelOK)},
			requests: []string{start, getOp, cancelOp}, attempts: ptr(3), cancelAt: cancelledBefore,
			check: opCancelled("operation op-1 cancelled (context canceled)", ""),
		},
		{
			name: "operation cancelled while waiting between polls", call: trainingAndWait(), cancel: cx[7], cancelAtSleep: 1,
			steps:    []testkit.Step{testkit.Reply(200, startOK), running, cx[7].cancelRequest(cancelOK)},
			requests: []string{start, getOp, cancelOp}, sleeps: catalogPolls[:1], attempts: ptr(3), cancelAt: cancelledBefore,
			check: opCancelled("operation op-1 cancelled (context canceled)", ""),
		},
		{
			name: "operation cancelled while polling, the cancel request fails", call: trainingAndWait(), cancel: cx[4],
			steps:    []testkit.Step{testkit.Reply(200, startOK), cx[4].then(testkit.Hang()), cx[4].cancelRequest(testkit.Reply(500, `{"detail":"cannot cancel now"}`))},
			requests: []string{start, getOp, cancelOp}, attempts: ptr(3), cancelAt: cancelledBefore,
			check: opCancelled("operation op-1 cancelled (context canceled); the cancel request failed: cannot cancel now", "cannot cancel now"),
		},
		{
			name: "operation cancelled while polling, the cancel request times out", call: trainingAndWait(WithCancelTimeout(shortTimeout)), cancel: cx[5],
			steps:    []testkit.Step{testkit.Reply(200, startOK), cx[5].then(testkit.Hang()), cx[5].cancelRequest(testkit.Hang())},
			requests: []string{start, getOp, cancelOp}, attempts: ptr(3), cancelAt: cancelledBefore,
			check: func(t *testing.T, res any, err error) {
				var opErr *OperationError
				require.ErrorAs(t, err, &opErr)
				var te *TimeoutError
				require.ErrorAs(t, opErr.CancelErr, &te)
				assert.Equal(t, shortTimeout, te.Timeout)
				opCancelled("operation op-1 cancelled (context canceled); the cancel request failed: "+te.Error(), "request timed out after 0.1 seconds")(t, res, err)
			},
		},
		{
			name: "attached operation cancelled while polling", call: waitForOp1, cancel: cx[6],
			steps:    []testkit.Step{cx[6].then(testkit.Hang()), cx[6].cancelRequest(cancelOK)},
			requests: []string{getOp, cancelOp}, attempts: ptr(2), cancelAt: cancelledBefore,
			check: opCancelled("operation op-1 cancelled (context canceled)", ""),
		},
	}
}

// observe runs b with one flavour against a fresh client and returns what
// it saw, with the real result and error.
func observe(t *testing.T, b behaviour, base string, srv *testkit.Server, async bool) (observation, any, error) {
	t.Helper()
	clk := testkit.NewClock()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if b.dead {
		cancel()
	}
	if b.cancel != nil {
		b.cancel.reset(cancel)
	}
	if b.cancelAtSleep > 0 {
		clk.Hook = func(sctx context.Context, n int) error {
			if n == b.cancelAtSleep {
				b.cancel.fire()
			}
			return sctx.Err()
		}
	}
	var attempts testkit.Attempts
	opts := append([]Option{WithRequestEditor(attempts.Edit)}, b.clients...)
	var res any
	var err error
	callOpts := b.opts
	if b.info != nil {
		*b.info = ResponseInfo{}
		callOpts = append(slices.Clone(b.opts), WithResponseInto(b.info))
	}
	if async {
		a := newTestAsyncClient(t, base, clk, opts...)
		res, err = b.call.async(ctx, a, callOpts...)
	} else {
		c := newTestClient(t, base, clk, opts...)
		res, err = b.call.sync(ctx, c, callOpts...)
	}
	o := observation{Result: res, Err: summarize(err)}
	if b.info != nil {
		info := *b.info
		o.Info = &info
	}
	if b.cancel != nil {
		o.CancelRequest = b.cancel.callerReturned()
	}
	o.Attempts, o.Sleeps = attempts.Got(), clk.Sleeps()
	if srv != nil && !b.slow {
		for _, r := range srv.Requests() {
			r.Header = nil
			o.Requests = append(o.Requests, r)
		}
	}
	return o, res, err
}

func TestBothFlavoursBehaveTheSame(t *testing.T) {
	for _, b := range append(append(behaviours(), hostileBehaviours()...), pageBehaviours()...) {
		t.Run(b.name, func(t *testing.T) {
			var srv *testkit.Server
			base := closedURL(t)
			if b.steps != nil {
				srv = testkit.NewStepServer(t, b.steps...)
				base = apiBase(srv)
			}
			sync, res, err := observe(t, b, base, srv, false)
			if srv != nil {
				srv.Reset()
			}
			async, _, _ := observe(t, b, base, srv, true)

			assert.Equal(t, sync, async, "both flavours: same requests, sleeps, result and error")

			var got []string
			for _, r := range sync.Requests {
				got = append(got, r.Method+" "+r.Path)
			}
			if b.slow {
				got = sync.Attempts
			}
			assert.Equal(t, b.requests, got, "requests")
			if b.unsent {
				assert.Empty(t, sync.Attempts, "refused before any attempt")
			} else if b.attempts != nil {
				assert.Len(t, sync.Attempts, *b.attempts, "attempts")
			} else if len(b.sleeps)+1 != len(sync.Attempts) {
				t.Errorf("%d attempts for %d sleeps: %v", len(sync.Attempts), len(b.sleeps), sync.Attempts)
			}
			assert.Equal(t, b.cancelAt, sync.CancelRequest, "when the cancel request reached the server")
			if b.bodies != nil {
				require.Len(t, sync.Requests, len(b.bodies))
				for i, want := range b.bodies {
					assert.JSONEq(t, want, sync.Requests[i].Body, "body of attempt %d", i)
				}
			}
			assert.Equal(t, b.sleeps, sync.Sleeps, "sleeps")
			b.check(t, res, err)
		})
	}
}

// Both flavours follow the same redirect policy: a redirect loop ends the
// same way, with the same count of requests.
func TestBothFlavoursStopARedirectLoop(t *testing.T) {
	srv := testkit.NewStepServer(t, func(w http.ResponseWriter, r *http.Request) {
		testkit.Redirect(http.StatusFound, r.URL.Path+"x")(w, r)
	})
	b := behaviour{call: getOperation}
	sync, _, err := observe(t, b, apiBase(srv), srv, false)
	srv.Reset()
	async, _, _ := observe(t, b, apiBase(srv), srv, true)
	requirePackageError(t, err)
	assert.Equal(t, sync, async)
	assert.Len(t, sync.Requests, 10)
	require.NotNil(t, sync.Err)
	assert.Equal(t, "stopped after 10 redirects", sync.Err.Message)
	assert.Equal(t, http.StatusFound, sync.Err.Status)
	assert.False(t, sync.Err.Retryable)
	assert.True(t, sync.Err.Is["api"])
	assert.Empty(t, sync.Sleeps)
}

// A program's own tests need none of the runtime's hooks to see the
// client's waits: in a testing/synctest bubble, with an in-memory transport
// given through WithHTTPClient, the bubble's clock drives the timeout, the
// Retry-After wait and the backoff, exactly and without real time passing.
// Only exported options are used here.
func TestBothFlavoursWaitOnASynctestClock(t *testing.T) {
	for _, flavour := range []string{"sync", "async"} {
		t.Run(flavour, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				srv := testkit.NewMemStepServer(t,
					testkit.Reply(503, `{"detail":"busy"}`, "Retry-After", "7"),
					testkit.Hang(),
					testkit.Reply(200, `{"success":true,"models":[]}`))
				opts := []Option{
					WithBaseURL(apiBase(srv)),
					WithHTTPClient(srv.Client()),
					WithTimeout(2 * time.Second),
					WithMaxRetries(2),
					WithRetryDelay(time.Second),
					WithRetryJitter(0),
				}
				start := time.Now()
				var err error
				if flavour == "sync" {
					c, cerr := NewClient(opts...)
					require.NoError(t, cerr)
					defer c.Close()
					_, err = c.ListModels(t.Context())
				} else {
					a, cerr := NewAsyncClient(opts...)
					require.NoError(t, cerr)
					defer a.Close()
					_, err = a.ListModels(t.Context()).Wait(t.Context())
				}
				require.NoError(t, err)
				assert.Equal(t, 3, srv.Count())
				assert.Equal(t, []time.Duration{7 * time.Second, 2*time.Second + 2*time.Second}, srv.Gaps(),
					"Retry-After, then the timeout of the hanging attempt and the backoff 1 s·2")
				assert.Equal(t, 11*time.Second, time.Since(start))
			})
		})
	}
}
