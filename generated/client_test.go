package ktrdr

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/clientgen/clientgen/spec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadModel resolves the catalog this package was generated from.
func loadModel(t *testing.T) *spec.Model {
	t.Helper()
	m, err := spec.Load("../spec/endpoints.yaml")
	require.NoError(t, err)
	return m
}

// --- configuration -----------------------------------------------------------

// How the runtime resolves its configuration (option > flag URL >
// environment > catalog default, the parsing of each variable) is tested
// once, in templates/rt (config_test.go); here, what the generated package
// adds: the catalog's values, read by both constructors.

func TestDefaultConfigurationIsTheCatalogs(t *testing.T) {
	c, err := NewClient(withLookupEnv(testkit.NoEnv))
	require.NoError(t, err)
	defer c.Close()
	assert.Equal(t, "http://localhost:8000/api/v1", c.BaseURL())
	assert.Equal(t, 30*time.Second, c.Timeout())
	assert.Equal(t, 3, c.MaxRetries())
	assert.Equal(t, time.Second, c.RetryDelay())

	a, err := NewAsyncClient(withLookupEnv(testkit.NoEnv))
	require.NoError(t, err)
	defer a.Close()
	s := a.Sync()
	assert.Equal(t, []any{"http://localhost:8000/api/v1", 30 * time.Second, 3, time.Second},
		[]any{s.BaseURL(), s.Timeout(), s.MaxRetries(), s.RetryDelay()})
}

func TestDefaultHeadersAndRetries(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(500, `{"detail":"boom"}`))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.ListSymbols(context.Background())
	requirePackageError(t, err)
	assert.Equal(t, 4, srv.Count(), "3 retries: 4 attempts")
	assert.Equal(t, catalogBackoff, clk.Sleeps(), "1s·2^n + 0.5·1s jitter")
	h := srv.Requests()[0].Header
	assert.Equal(t, "ktrdr-go-client", h.Get("User-Agent"))
	assert.Empty(t, h.Get("Content-Type"), "no body, no content type")
}

// A JSON call accepts RFC 9457 problem documents too, so a server that
// negotiates content can send its application/problem+json errors; both
// flavours send the same Accept.
func TestAcceptAllowsProblemDocuments(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"success":true,"symbols":[]}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.ListSymbols(context.Background())
	require.NoError(t, err)
	_, err = c.Async().ListSymbols(context.Background()).Wait(context.Background())
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "application/json, application/problem+json", r.Header.Get("Accept"))
	}
}

// A base URL with a query or a fragment would send every call to the base
// path: both constructors refuse it, say where the value came from, and
// never show what follows the "?" or "#" (it may hold a token).
func TestBaseURLWithQueryOrFragmentIsRefused(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		opts []Option
		want string
	}{
		{"option query", nil, []Option{WithBaseURL("http://h:1/api/v1?token=s3cret")},
			`base URL option: base URL "http://h:1/api/v1" is followed by a query ("?…"); a base URL ends with its path: remove the query`},
		{"option empty query", nil, []Option{WithBaseURL("http://h:1/api/v1?")}, `base URL option: base URL "http://h:1/api/v1" is followed by a query`},
		{"option fragment", nil, []Option{WithBaseURL("https://u:s3cret@h/api/v1#s3cret")},
			`base URL option: base URL "https://u:xxxxx@h/api/v1" is followed by a fragment ("#…"); a base URL ends with its path: remove the fragment`},
		{"flag query", nil, []Option{WithFlagURL("http://h:1/?api_key=s3cret")}, `flag URL: base URL "http://h:1/" is followed by a query`},
		{"primary variable", map[string]string{"KTRDR_API_CLIENT_BASE_URL": "http://h:1/api/v1/?token=s3cret"}, nil,
			`environment variable KTRDR_API_CLIENT_BASE_URL: base URL "http://h:1/api/v1/" is followed by a query`},
		{"older variable", map[string]string{"KTRDR_API_URL": "http://h:1/api/v1#s3cret"}, nil,
			`environment variable KTRDR_API_URL: base URL "http://h:1/api/v1" is followed by a fragment`},
		{"invalid and a query", nil, []Option{WithBaseURL("h:1/api v1?token=s3cret")}, `base URL option: invalid base URL "h:1/api v1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := append([]Option{withLookupEnv(testkit.Env(tt.env))}, tt.opts...)
			_, err := NewClient(opts...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "s3cret")
			_, asyncErr := NewAsyncClient(opts...)
			require.Error(t, asyncErr)
			assert.Equal(t, err.Error(), asyncErr.Error())
		})
	}
}

func TestFlagURLReachesTheServerWithThePrefix(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"success":true,"models":[]}`))
	c, err := NewClient(withLookupEnv(testkit.NoEnv), WithFlagURL(srv.URL))
	require.NoError(t, err)
	defer c.Close()
	_, err = c.ListModels(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []string{"GET /api/v1/models"}, srv.Paths())
}

// --- every endpoint -----------------------------------------------------------

// pathValues are the path arguments used for every endpoint, with the path
// segments they must become: none of them may change the shape of the path.
var pathValues = []struct{ arg, escaped string }{
	{"a/b ü%", "a%2Fb%20%C3%BC%25"},
	{"..", "%2E%2E"},
}

// queryValue is the value set for a query parameter of the given kind, and
// its expected encoding.
func queryValue(t *testing.T, p *spec.Param, ft reflect.Type) (reflect.Value, string) {
	t.Helper()
	require.Equal(t, reflect.Pointer, ft.Kind(), "query field %s is a pointer", p.GoName)
	v := reflect.New(ft.Elem())
	switch p.Type.Kind {
	case spec.KindString:
		v.Elem().SetString("v w&x=y")
		return v, "v w&x=y"
	case spec.KindInteger:
		v.Elem().SetInt(7)
		return v, "7"
	case spec.KindBoolean:
		v.Elem().SetBool(true)
		return v, "true"
	case spec.KindNumber:
		v.Elem().SetFloat(1.5)
		return v, "1.5"
	case spec.KindRef:
		require.True(t, p.Type.Ref.IsEnum(), "query %s", p.Name)
		last := p.Type.Ref.Enum[len(p.Type.Ref.Enum)-1].Value
		v.Elem().SetString(last)
		return v, last
	}
	t.Fatalf("query parameter %s: kind %v not covered by this test", p.Name, p.Type.Kind)
	return reflect.Value{}, ""
}

// endpointCall is one call of an endpoint method built from the model, with
// what the server must see.
type endpointCall struct {
	args  []reflect.Value
	path  string
	query url.Values
	body  string // "" for none
}

// buildCall builds the arguments of ep's method of type mt (receiver bound,
// ctx first, variadic options last). With fill, every query parameter is set
// and a body is sent; without, every pointer argument is nil.
func buildCall(t *testing.T, ep *spec.Endpoint, mt reflect.Type, fill bool) endpointCall {
	t.Helper()
	require.True(t, mt.IsVariadic(), "%s takes call options", ep.GoName)
	call := endpointCall{args: []reflect.Value{reflect.ValueOf(context.Background())}, path: "/api/v1" + ep.Path, query: url.Values{}}
	pathIdx := 0
	for i := 1; i < mt.NumIn()-1; i++ {
		in := mt.In(i)
		switch {
		case in.Kind() == reflect.String:
			require.Less(t, pathIdx, len(ep.PathParams), "%s: more string arguments than path parameters", ep.GoName)
			pv := pathValues[pathIdx%len(pathValues)]
			call.args = append(call.args, reflect.ValueOf(pv.arg))
			call.path = strings.Replace(call.path, "{"+ep.PathParams[pathIdx].Name+"}", pv.escaped, 1)
			pathIdx++
		case in.Kind() == reflect.Pointer && in.Elem().Name() == ep.ParamsGoName && ep.ParamsGoName != "":
			if !fill {
				call.args = append(call.args, reflect.Zero(in))
				continue
			}
			params := reflect.New(in.Elem())
			for _, q := range ep.Query {
				f, ok := in.Elem().FieldByName(q.GoName)
				require.True(t, ok, "%s has field %s", ep.ParamsGoName, q.GoName)
				v, want := queryValue(t, q, f.Type)
				params.Elem().FieldByIndex(f.Index).Set(v)
				call.query.Set(q.Name, want)
			}
			call.args = append(call.args, params)
		case in.Kind() == reflect.Pointer && ep.Body != nil:
			if !fill && !ep.BodyRequired { // a nil required body is refused unsent
				call.args = append(call.args, reflect.Zero(in))
				continue
			}
			body := reflect.New(in.Elem())
			b, err := json.Marshal(body.Interface())
			require.NoError(t, err)
			call.body = string(b)
			call.args = append(call.args, body)
		default:
			t.Fatalf("%s: argument %d of type %v does not match the catalog", ep.GoName, i, in)
		}
	}
	require.Equal(t, len(ep.PathParams), pathIdx, "%s: one string argument per path parameter", ep.GoName)
	require.NotContains(t, call.path, "{", "%s: every path parameter substituted", ep.GoName)
	return call
}

// okBody is a successful response body of ep's response type.
func okBody(ep *spec.Endpoint) string {
	if ep.Response != nil && ep.Response.Kind == spec.KindArray {
		return `[]`
	}
	return `{}`
}

// TestEveryEndpointReachesTheServer calls every endpoint method of the API
// and AsyncAPI interfaces, built by reflection from the catalog, and checks
// the verb, the escaped path, the query, the body and the decoded result.
func TestEveryEndpointReachesTheServer(t *testing.T) {
	m := loadModel(t)
	require.NotEmpty(t, m.Endpoints)
	apiType := reflect.TypeFor[API]()
	asyncType := reflect.TypeFor[AsyncAPI]()
	for _, ep := range m.Endpoints {
		t.Run(ep.GoName, func(t *testing.T) {
			_, ok := apiType.MethodByName(ep.GoName)
			require.True(t, ok, "API has %s", ep.GoName)
			_, ok = asyncType.MethodByName(ep.GoName)
			require.True(t, ok, "AsyncAPI has %s", ep.GoName)

			srv := testkit.NewStepServer(t, testkit.Reply(200, okBody(ep)))
			clk := testkit.NewClock()
			var sc API = newTestClient(t, apiBase(srv), clk)
			var ac AsyncAPI = newTestAsyncClient(t, apiBase(srv), clk)
			sm := reflect.ValueOf(sc).MethodByName(ep.GoName)
			am := reflect.ValueOf(ac).MethodByName(ep.GoName)

			for _, fill := range []bool{false, true} {
				call := buildCall(t, ep, sm.Type(), fill)
				for flavour, method := range map[string]reflect.Value{"sync": sm, "async": am} {
					srv.Reset()
					out := method.Call(call.args)
					if flavour == "async" {
						require.Len(t, out, 1)
						out = out[0].MethodByName("Wait").Call([]reflect.Value{reflect.ValueOf(context.Background())})
					}
					require.Len(t, out, 2)
					require.True(t, out[1].IsNil(), "%s %s: %v", flavour, ep.GoName, out[1])
					if out[0].Kind() == reflect.Pointer {
						assert.False(t, out[0].IsNil(), "%s: a typed result", flavour)
					}

					reqs := srv.Requests()
					require.Len(t, reqs, 1, flavour)
					r := reqs[0]
					what := fmt.Sprintf("%s fill=%v", flavour, fill)
					assert.Equal(t, ep.Method, r.Method, what)
					assert.Equal(t, call.path, r.Path, what)
					q, err := url.ParseQuery(r.Query)
					require.NoError(t, err)
					assert.Equal(t, call.query, q, what)
					if call.body == "" {
						assert.Empty(t, r.Body, what)
						assert.Empty(t, r.Header.Get("Content-Type"), what)
					} else {
						assert.JSONEq(t, call.body, r.Body, what)
						assert.Equal(t, "application/json", r.Header.Get("Content-Type"), what)
					}
				}
			}
		})
	}
}

// --- typed requests -------------------------------------------------------------

func TestPathParametersCannotChangeThePath(t *testing.T) {
	tests := []struct{ arg, escaped string }{
		{"op-1", "op-1"},
		{"a/b", "a%2Fb"},
		{"..", "%2E%2E"},
		{".", "%2E"},
		{"../admin", "..%2Fadmin"},
		{"%", "%25"},
		{"%2F", "%252F"},
		{"a b", "a%20b"},
		{"é✓", "%C3%A9%E2%9C%93"},
		{"x?y#z", "x%3Fy%23z"},
	}
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"data":{"operation_id":"x","status":"running"}}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	a := newTestAsyncClient(t, apiBase(srv), testkit.NewClock())
	for _, tt := range tests {
		srv.Reset()
		_, err := c.GetOperation(context.Background(), tt.arg)
		require.NoError(t, err, tt.arg)
		_, err = a.GetOperation(context.Background(), tt.arg).Wait(context.Background())
		require.NoError(t, err, tt.arg)
		_, err = c.GetCachedData(context.Background(), tt.arg, tt.arg, nil)
		require.NoError(t, err, tt.arg)
		want := "/api/v1/operations/" + tt.escaped
		assert.Equal(t, []string{"GET " + want, "GET " + want, "GET /api/v1/data/" + tt.escaped + "/" + tt.escaped}, srv.Paths(), tt.arg)
	}
}

// An empty path parameter would turn GET /operations/{id} into GET
// /operations/, another endpoint (FastAPI redirects it to the list). The
// operation runner already refuses an empty id; the endpoint methods should
// too, before anything is sent.
func TestEmptyPathParameterIsRefused(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"data":{"operation_id":"x","status":"running"}}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	ctx := context.Background()
	_, err := c.GetOperation(ctx, "")
	requirePackageError(t, err)
	assert.Equal(t, "*ktrdr.ClientError", fmt.Sprintf("%T", err), "refused, not an API or connection error")
	assert.Contains(t, err.Error(), "operation_id")
	_, err = c.Async().DeleteCheckpoint(ctx, "").Wait(ctx)
	requirePackageError(t, err)
	_, err = c.GetCachedData(ctx, "AAPL", "", nil)
	requirePackageError(t, err)
	assert.Contains(t, err.Error(), "timeframe", "names the empty parameter")
	_, err = c.WaitForOperation(ctx, "")
	requirePackageError(t, err)
	assert.Empty(t, srv.Paths(), "nothing is sent")
}

func TestQueryParametersAreEncoded(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"success":true}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	ctx := context.Background()

	_, err := c.ListOperations(ctx, &ListOperationsParams{
		Status:        ptr(OperationStatusRunning),
		OperationType: ptr(OperationTypeTraining),
		Limit:         ptr(0),
		Offset:        ptr(20),
		ActiveOnly:    ptr(false),
	})
	require.NoError(t, err)
	_, err = c.ListOperations(ctx, &ListOperationsParams{ActiveOnly: ptr(true)})
	require.NoError(t, err)
	_, err = c.ListOperations(ctx, nil)
	require.NoError(t, err)
	_, err = c.ListCheckpoints(ctx, &ListCheckpointsParams{OlderThanDays: ptr(30)})
	require.NoError(t, err)
	_, err = c.GetCachedData(ctx, "AAPL", "1h", &GetCachedDataParams{
		StartDate:        ptr("2024-01-01 09:30&x=1"),
		EndDate:          ptr("2024-02-01"),
		TradingHoursOnly: ptr(true),
		IncludeExtended:  ptr(false),
		Limit:            ptr(100000),
	})
	require.NoError(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 5)
	assert.Equal(t, "active_only=false&limit=0&offset=20&operation_type=training&status=running", reqs[0].Query,
		"set pointers are sent, zero values included")
	assert.Equal(t, "active_only=true", reqs[1].Query, "nil pointers are left out")
	assert.Empty(t, reqs[2].Query)
	assert.Equal(t, "older_than_days=30", reqs[3].Query)
	assert.Equal(t, "/api/v1/data/AAPL/1h", reqs[4].Path)
	assert.Equal(t, "end_date=2024-02-01&include_extended=false&limit=100000&start_date=2024-01-01+09%3A30%26x%3D1&trading_hours_only=true", reqs[4].Query)
}

func TestJSONBodies(t *testing.T) {
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/trainings/start":
			testkit.Reply(200, `{"success":true,"task_id":"t-1","status":"started","message":"ok","symbols":["AAPL"],"timeframes":["1h"],"strategy_name":"mean_reversion"}`)(w, r)
		case "/api/v1/data/range":
			testkit.Reply(200, `{"success":true,"data":{"symbol":"AAPL","timeframe":"1d","start_date":"2020-01-02T00:00:00Z","end_date":"2024-12-31T00:00:00Z","point_count":1258}}`)(w, r)
		default:
			testkit.Reply(200, `{"success":true,"data":{}}`)(w, r)
		}
	})
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	ctx := context.Background()

	tr, err := c.StartTraining(ctx, &TrainingRequest{StrategyName: "mean_reversion", Symbols: []string{"AAPL"}, Timeframes: []string{"1h"}, DetailedAnalytics: ptr(true)})
	require.NoError(t, err)
	assert.Equal(t, "t-1", tr.TaskID)
	assert.Equal(t, []string{"AAPL"}, tr.Symbols)
	assert.Nil(t, tr.EstimatedDurationMinutes)

	dr, err := c.GetDataRange(ctx, &DataRangeRequest{Symbol: "AAPL", Timeframe: "1d"})
	require.NoError(t, err)
	require.NotNil(t, dr.Data)
	assert.Equal(t, 1258, dr.Data.PointCount)
	assert.Equal(t, time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC), dr.Data.EndDate)

	_, err = c.CancelOperation(ctx, "op-1", &CancelOperationRequest{Reason: ptr("user asked"), Force: ptr(true)})
	require.NoError(t, err)
	_, err = c.CancelOperation(ctx, "op-1", nil)
	require.NoError(t, err)
	_, err = c.TriggerAgent(ctx, &AgentTriggerRequest{Model: ptr("opus"), BypassGates: ptr(false)})
	require.NoError(t, err)
	_, err = c.TriggerAgent(ctx, nil)
	require.NoError(t, err)

	reqs := srv.Requests()
	require.Len(t, reqs, 6)
	assert.Equal(t, "POST", reqs[0].Method)
	assert.JSONEq(t, `{"symbols":["AAPL"],"timeframes":["1h"],"strategy_name":"mean_reversion","detailed_analytics":true}`, reqs[0].Body)
	assert.Equal(t, "application/json", reqs[0].Header.Get("Content-Type"))
	assert.JSONEq(t, `{"symbol":"AAPL","timeframe":"1d"}`, reqs[1].Body)
	assert.Equal(t, "DELETE /api/v1/operations/op-1", reqs[2].Method+" "+reqs[2].Path)
	assert.JSONEq(t, `{"reason":"user asked","force":true}`, reqs[2].Body)
	assert.Empty(t, reqs[3].Body, "an optional body left nil is not sent")
	assert.Empty(t, reqs[3].Header.Get("Content-Type"))
	assert.JSONEq(t, `{"model":"opus","bypass_gates":false}`, reqs[4].Body)
	assert.Empty(t, reqs[5].Body)
}

func TestTypedResponsesAreDecoded(t *testing.T) {
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/operations/op-7":
			testkit.Reply(200, `{"success":true,"data":{"operation_id":"op-7","operation_type":"training","status":"running",
				"created_at":"2026-01-02T03:04:05Z","progress":{"percentage":42.5,"current_step":"Epoch 3/10","steps_completed":3,"steps_total":10},
				"metadata":{"symbol":"AAPL","parameters":{"epochs":10}},"result_summary":{"loss":0.1},"warnings":["slow"]}}`)(w, r)
		case "/api/v1/workers":
			testkit.Reply(200, `[{"worker_id":"w1","status":"available"},{"worker_id":"w2","status":"busy"}]`)(w, r)
		case "/api/v1/agent/status":
			testkit.Reply(200, `{"status":"idle","last_cycle":{"phase":"assess"}}`)(w, r)
		}
	})
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	ctx := context.Background()

	op, err := c.GetOperation(ctx, "op-7")
	require.NoError(t, err)
	require.NotNil(t, op.Success)
	assert.True(t, *op.Success)
	assert.Equal(t, "op-7", op.Data.OperationID)
	assert.Equal(t, OperationTypeTraining, op.Data.OperationType)
	assert.Equal(t, OperationStatusRunning, op.Data.Status)
	assert.Equal(t, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), op.Data.CreatedAt)
	require.NotNil(t, op.Data.Progress)
	assert.Equal(t, 42.5, *op.Data.Progress.Percentage)
	assert.Equal(t, "Epoch 3/10", *op.Data.Progress.CurrentStep)
	assert.Equal(t, 10, *op.Data.Progress.StepsTotal)
	require.NotNil(t, op.Data.Metadata)
	assert.Equal(t, "AAPL", *op.Data.Metadata.Symbol)
	assert.Equal(t, map[string]any{"epochs": float64(10)}, op.Data.Metadata.Parameters)
	assert.JSONEq(t, `{"loss":0.1}`, string(op.Data.ResultSummary))
	assert.Equal(t, []string{"slow"}, op.Data.Warnings)
	assert.Nil(t, op.Data.ErrorMessage)

	workers, err := c.ListWorkers(ctx, &ListWorkersParams{WorkerType: ptr(WorkerTypeGpuHost), Status: ptr("busy")})
	require.NoError(t, err)
	assert.Equal(t, []map[string]any{{"worker_id": "w1", "status": "available"}, {"worker_id": "w2", "status": "busy"}}, workers)
	assert.Equal(t, "status=busy&worker_type=gpu_host", srv.Requests()[1].Query)

	st, err := c.GetAgentStatus(ctx)
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"status": "idle", "last_cycle": map[string]any{"phase": "assess"}}, st)
}

// --- errors -----------------------------------------------------------------

func TestErrorShapesGiveTheRealMessage(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		message    string
		code       string
		suggestion string
	}{
		{"detail string", 404, `{"detail":"Operation not found: op-9"}`, "Operation not found: op-9", "", "resource not found"},
		{"detail list", 422, `{"detail":[{"loc":["body","strategy_name"],"msg":"Field required","type":"missing"},{"loc":["query","limit"],"msg":"Input should be a valid integer","type":"int_parsing"}]}`,
			"body.strategy_name: Field required; query.limit: Input should be a valid integer", "", "validation failed; check the request data"},
		{"message", 400, `{"message":"Strategy file not found"}`, "Strategy file not found", "", "check the request parameters"},
		{"envelope", 404, `{"success":false,"error":{"code":"DATA-NotFound","message":"No data for AAPL 1h","details":{"symbol":"AAPL"}}}`,
			"No data for AAPL 1h", "DATA-NotFound", "resource not found"},
		{"envelope 422", 422, `{"success":false,"error":{"code":"VALIDATION_ERROR","message":"Invalid request","details":{"errors":[]}}}`,
			"Invalid request", "VALIDATION_ERROR", "validation failed; check the request data"},
		{"text body", 400, `Bad Request`, "Bad Request", "", "check the request parameters"},
		{"no message", 400, `{"success":false}`, "POST /trainings/start: 400 Bad Request", "", "check the request parameters"},
		{"JSON string", 404, `"silence not found"`, "silence not found", "", "resource not found"},
		{"empty", 404, ``, "POST /trainings/start: 404 Not Found", "", "resource not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(tt.status, tt.body, "Content-Type", "application/json"))
			clk := testkit.NewClock()
			c := newTestClient(t, apiBase(srv), clk)
			a := newTestAsyncClient(t, apiBase(srv), clk)
			_, err := c.StartTraining(context.Background(), &TrainingRequest{StrategyName: "x"})
			_, aerr := a.StartTraining(context.Background(), &TrainingRequest{StrategyName: "x"}).Wait(context.Background())
			for _, err := range []error{err, aerr} {
				requirePackageError(t, err)
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.ErrorIs(t, err, ErrAPI)
				assert.Equal(t, tt.message, apiErr.Message)
				assert.Equal(t, tt.message, err.Error())
				assert.Equal(t, tt.status, apiErr.StatusCode)
				assert.Equal(t, tt.code, apiErr.Code)
				assert.Equal(t, "start_training", apiErr.Endpoint)
				assert.Equal(t, "POST", apiErr.Method)
				assert.Equal(t, apiBase(srv)+"/trainings/start", apiErr.URL)
				assert.Equal(t, tt.suggestion, apiErr.Suggestion())
				assert.Equal(t, tt.message+" ("+strconv.Itoa(tt.status)+")\nsuggestion: "+tt.suggestion, apiErr.Verbose())
				assert.False(t, apiErr.Retryable())
				assert.Nil(t, apiErr.Diagnosis)
				var body map[string]any
				if json.Unmarshal([]byte(tt.body), &body) == nil {
					assert.Equal(t, body, apiErr.Details, "details are the error body")
				}
			}
			assert.Equal(t, 2, srv.Count(), "4xx is never retried")
			assert.Empty(t, clk.Sleeps())
		})
	}
}

func TestIBDiagnosticsRules(t *testing.T) {
	const (
		unrecoverable = "unrecoverable"
		recoverable   = "recoverable"
	)
	tests := []struct {
		name        string
		status      int
		body        string
		rule        string
		problemType string
		message     string
		details     any
	}{
		{
			"gateway issue", 503,
			`{"success":false,"error":{"code":"DATA-IB-GATEWAY-ISSUE","message":"IB problem","details":{"problem_type":"configuration","diagnosis":{"port":4002,"hint":"enable API"}}}}`,
			"gateway_issue", "configuration", "The backend diagnosed an IB Gateway problem", map[string]any{"port": float64(4002), "hint": "enable API"},
		},
		{
			"gateway issue of an unknown type", 503,
			`{"success":false,"error":{"code":"ib-gateway-issue","message":"IB problem","details":{"problem_type":"cosmic rays"}}}`,
			"gateway_issue", "unknown", "The backend diagnosed an IB Gateway problem", nil,
		},
		{
			"circuit breaker by code", 503,
			`{"success":false,"error":{"code":"IB_CIRCUIT_OPEN","message":"Service unavailable","details":{"failures":5}}}`,
			"circuit_breaker", unrecoverable, "Repeated IB Gateway failures opened the circuit breaker", nil,
		},
		{
			"circuit breaker by message", 503,
			`{"success":false,"error":{"code":"DATA-Error","message":"Circuit breaker is OPEN for ib","details":{}}}`,
			"circuit_breaker", unrecoverable, "Repeated IB Gateway failures opened the circuit breaker", nil,
		},
		{
			"silent connection by code", 504,
			`{"success":false,"error":{"code":"DATA-TIMEOUT","message":"Request took too long","details":{}}}`,
			"silent_connection", unrecoverable, "The TCP connection to IB Gateway works but operations time out", nil,
		},
		{
			"silent connection wins over unreachable", 503,
			`{"success":false,"error":{"code":"DATA-Error","message":"IB Gateway connection timeout","details":{}}}`,
			"silent_connection", unrecoverable, "The TCP connection to IB Gateway works but operations time out", nil,
		},
		{
			"unreachable", 503,
			`{"success":false,"error":{"code":"DATA-Error","message":"Connection REFUSED by 127.0.0.1:4002","details":{"host":"127.0.0.1"}}}`,
			"gateway_unreachable", unrecoverable, "IB Gateway is not accessible", nil,
		},
		{
			"temporary by message", 500,
			`{"success":false,"error":{"code":"DATA-Error","message":"TWS is restarting","details":{}}}`,
			"gateway_temporary", recoverable, "This may be a temporary IB connectivity issue", nil,
		},
		{
			"temporary by code", 400,
			`{"success":false,"error":{"code":"IB-1100","message":"Pacing violation","details":{"req":1}}}`,
			"gateway_temporary", recoverable, "This may be a temporary IB connectivity issue", nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(tt.status, tt.body))
			clk := testkit.NewClock()
			c := newTestClient(t, apiBase(srv), clk, WithMaxRetries(0))
			a := newTestAsyncClient(t, apiBase(srv), clk, WithMaxRetries(0))
			body := &DataLoadRequest{Symbol: "AAPL", Timeframe: "1h"}
			_, err := c.DownloadData(context.Background(), body)
			_, aerr := a.DownloadData(context.Background(), body).Wait(context.Background())
			for _, err := range []error{err, aerr} {
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				require.NotNil(t, apiErr.Diagnosis, "a rule matched")
				d := apiErr.Diagnosis
				assert.Equal(t, tt.rule, d.Rule)
				assert.Equal(t, tt.problemType, d.ProblemType)
				assert.True(t, strings.HasPrefix(d.Message, tt.message), d.Message)
				assert.Equal(t, tt.details, d.Details)

				var original map[string]any
				require.NoError(t, json.Unmarshal([]byte(tt.body), &original))
				for k, v := range original {
					assert.Equal(t, v, apiErr.Details[k], "original detail %q preserved", k)
				}
				assert.Len(t, apiErr.Details, len(original)+1)
				assert.Equal(t, map[string]any{"problem_type": d.ProblemType, "message": d.Message, "details": d.Details}, apiErr.Details["ib_diagnosis"])
				assert.Contains(t, apiErr.Verbose(), "\ndiagnosis ("+tt.problemType+"): "+d.Message)
			}
		})
	}
}

func TestNoDiagnosisWithoutAMatch(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(404, `{"success":false,"error":{"code":"DATA-NotFound","message":"No cached data for MSFT","details":{"symbol":"MSFT"}}}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.GetCachedData(context.Background(), "MSFT", "1d", nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Nil(t, apiErr.Diagnosis)
	assert.NotContains(t, apiErr.Details, "ib_diagnosis")
	assert.NotContains(t, apiErr.Verbose(), "diagnosis")
}

// --- success without a body, invalid bodies ----------------------------------

// Rules match KTRDR's envelope only: a FastAPI detail, a top-level message
// or a proxy's page is never diagnosed, in either flavour.
func TestNoDiagnosisOutsideTheEnvelope(t *testing.T) {
	for _, tt := range []struct {
		name   string
		status int
		body   string
		ct     string
	}{
		{"FastAPI detail", 500, `{"detail":"database connection lost"}`, "application/json"},
		{"top-level message", 500, `{"message":"TWS is restarting"}`, "application/json"},
		{"proxy text", 502, "Bad Gateway", "text/plain"},
		{"proxy page", 502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "text/html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.NewStepServer(t, testkit.Reply(tt.status, tt.body, "Content-Type", tt.ct))
			clk := testkit.NewClock()
			c := newTestClient(t, apiBase(srv), clk, WithMaxRetries(0))
			a := newTestAsyncClient(t, apiBase(srv), clk, WithMaxRetries(0))
			_, err := c.ListModels(context.Background())
			_, aerr := a.ListModels(context.Background()).Wait(context.Background())
			for _, err := range []error{err, aerr} {
				var apiErr *APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Nil(t, apiErr.Diagnosis)
				assert.NotContains(t, apiErr.Details, "ib_diagnosis")
				assert.NotContains(t, apiErr.Verbose(), "diagnosis")
			}
		})
	}
}

// A 2xx without a body from an endpoint that declares a response is an
// *APIError in both flavours; Do, which declares nothing, returns nil.
func TestEmptySuccessfulResponses(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(http.StatusNoContent, ""), testkit.Reply(200, ""), testkit.Reply(200, "  \n"), testkit.Reply(204, ""), testkit.Reply(http.StatusAccepted, ""))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	ctx := context.Background()
	a := c.Async()
	results := []struct {
		message string
		res     any
		err     error
	}{
		{"DELETE /checkpoints/op-1: 204 No Content", nil, nil},
		{"DELETE /operations/op-1: 200 OK", nil, nil},
		{"GET /workers: 200 OK", nil, nil},
		{"GET /agent/status: 204 No Content", nil, nil},
		{"POST /agent/trigger: 202 Accepted", nil, nil},
	}
	results[0].res, results[0].err = c.DeleteCheckpoint(ctx, "op-1")
	results[1].res, results[1].err = a.CancelOperation(ctx, "op-1", nil).Wait(ctx)
	results[2].res, results[2].err = c.ListWorkers(ctx, nil)
	results[3].res, results[3].err = a.GetAgentStatus(ctx).Wait(ctx)
	results[4].res, results[4].err = a.TriggerAgent(ctx, nil).Wait(ctx)
	for _, r := range results {
		requirePackageError(t, r.err)
		var apiErr *APIError
		require.ErrorAs(t, r.err, &apiErr)
		assert.ErrorIs(t, r.err, ErrAPI)
		assert.Equal(t, r.message+" with an empty body; a JSON response was expected", apiErr.Message)
		assert.False(t, apiErr.Retryable())
		assert.True(t, reflect.ValueOf(r.res).IsNil(), "no result: %#v", r.res)
	}
	assert.Equal(t, 5, srv.Count(), "never retried")
	assert.Empty(t, clk.Sleeps())
}

func TestInvalidJSONOnSuccess(t *testing.T) {
	text := strings.Repeat("é", 400)
	page := "<html><head><title>Sign in</title></head>" + text + "</html>"
	srv := testkit.NewStepServer(t, testkit.Reply(200, page, "Content-Type", "text/html"), testkit.Reply(200, text, "Content-Type", "text/plain"))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk)
	_, err := c.ListSymbols(context.Background())
	requirePackageError(t, err)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Invalid JSON response from API", apiErr.Message)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, map[string]any{"content_type": "text/html", "size": len(page), "title": "Sign in"}, apiErr.Details, "an HTML page is summarised, never kept")

	_, err = c.Async().ListSymbols(context.Background()).Wait(context.Background())
	require.ErrorAs(t, err, &apiErr)
	raw, _ := apiErr.Details["raw"].(string)
	assert.True(t, strings.HasPrefix(text, raw))
	assert.LessOrEqual(t, len(raw), 500)
	assert.GreaterOrEqual(t, len(raw), 499, "the first 500 bytes, cut at a character")
	assert.Equal(t, 2, srv.Count(), "not retried")
	assert.Empty(t, clk.Sleeps())
}

func TestUnexpectedJSONShapeOnSuccess(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"workers":[]}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.ListWorkers(context.Background(), nil)
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.True(t, strings.HasPrefix(apiErr.Message, "Unexpected JSON response from API"), apiErr.Message)
	assert.Equal(t, `{"workers":[]}`, apiErr.Details["raw"])
}

// --- redirects, Do ------------------------------------------------------------

// FastAPI answers /indicators with a 307 to /indicators/; both flavours
// follow it the same way.
func TestIndicatorsRedirectIsFollowedByBothFlavours(t *testing.T) {
	const list = `{"success":true,"data":[{"id":"RSIIndicator","name":"RSI","description":"Relative Strength Index","type":"momentum","parameters":[]}]}`
	srv := testkit.NewServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v1/indicators":
			testkit.Redirect(http.StatusTemporaryRedirect, "/api/v1/indicators/")(w, r)
		case "/api/v1/indicators/":
			testkit.Reply(200, list)(w, r)
		default:
			testkit.Reply(404, `{"detail":"Not Found"}`)(w, r)
		}
	})
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	ctx := context.Background()

	got, err := c.Do(ctx, "GET", "/indicators", nil, nil)
	require.NoError(t, err)
	assert.JSONEq(t, list, string(got))
	agot, err := c.Async().Do(ctx, "get", "indicators", nil, nil).Wait(ctx)
	require.NoError(t, err)
	assert.Equal(t, got, agot)
	assert.Equal(t, []string{"GET /api/v1/indicators", "GET /api/v1/indicators/", "GET /api/v1/indicators", "GET /api/v1/indicators/"}, srv.Paths())

	srv.Reset()
	typed, err := c.ListIndicators(ctx)
	require.NoError(t, err)
	require.Len(t, typed.Data, 1)
	assert.Equal(t, IndicatorTypeMomentum, typed.Data[0].Type)
	assert.Equal(t, []string{"GET /api/v1/indicators/"}, srv.Paths(), "the catalog path needs no redirect")
}

func TestDoSendsQueryAndBody(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"ok":true}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	got, err := c.Do(context.Background(), "POST", "/checkpoints/cleanup", url.Values{"max_age_days": {"30"}}, map[string]int{"n": 1})
	require.NoError(t, err)
	assert.JSONEq(t, `{"ok":true}`, string(got))
	r := srv.Requests()[0]
	assert.Equal(t, "POST /api/v1/checkpoints/cleanup?max_age_days=30", r.Method+" "+r.Path+"?"+r.Query)
	assert.JSONEq(t, `{"n":1}`, r.Body)
}

// --- health check, close ---------------------------------------------------------

func TestHealthCheck(t *testing.T) {
	t.Run("healthy", func(t *testing.T) {
		srv := testkit.NewStepServer(t, testkit.Reply(200, `{"status":"ok"}`))
		clk := testkit.NewClock()
		c := newTestClient(t, apiBase(srv), clk)
		assert.True(t, c.HealthCheck(context.Background()))
		ok, err := c.Async().HealthCheck(context.Background()).Wait(context.Background())
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, []string{"GET /api/v1/health", "GET /api/v1/health"}, srv.Paths())
	})
	t.Run("unhealthy, not retried", func(t *testing.T) {
		srv := testkit.NewStepServer(t, testkit.Reply(503, `{"detail":"starting"}`))
		clk := testkit.NewClock()
		c := newTestClient(t, apiBase(srv), clk)
		assert.False(t, c.HealthCheck(context.Background()))
		ok, err := c.Async().HealthCheck(context.Background()).Wait(context.Background())
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Equal(t, 2, srv.Count(), "one request each, no retry")
		assert.Empty(t, clk.Sleeps())
	})
	t.Run("unreachable", func(t *testing.T) {
		clk := testkit.NewClock()
		c := newTestClient(t, closedURL(t), clk)
		assert.False(t, c.HealthCheck(context.Background()))
		assert.Empty(t, clk.Sleeps(), "no retry")
	})
	t.Run("slow", func(t *testing.T) {
		srv := testkit.NewStepServer(t, testkit.Hang())
		var attempts testkit.Attempts
		c := newTestClient(t, apiBase(srv), testkit.NewClock(), WithRequestEditor(attempts.Edit))
		ctx, cancel := context.WithTimeout(context.Background(), shortTimeout)
		defer cancel()
		assert.False(t, c.HealthCheck(ctx))
		assert.Equal(t, []string{"GET /api/v1/health"}, attempts.Got())
	})
}

func TestCloseReleasesConnectionsAndKeepsTheClientUsable(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(200, `{"success":true,"models":[]}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	for range 3 {
		_, err := c.ListModels(context.Background())
		require.NoError(t, err)
	}
	opened, closed := srv.Conns()
	assert.Zero(t, closed, "connections are kept alive")
	assert.LessOrEqual(t, opened, 2, "reused (a second one only from the transport's dial race)")
	require.NoError(t, c.Close())
	srv.WaitClosed(t)

	_, err := c.ListModels(context.Background())
	require.NoError(t, err)
	reopened, _ := srv.Conns()
	assert.Equal(t, opened+1, reopened, "usable after Close, on a new connection")
	a := c.Async()
	require.NoError(t, a.Close())
	srv.WaitClosed(t)
}

// errors.Is and errors.As see every kind through its sentinel and the base.
func TestErrorKindsThroughTypedCalls(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(404, `{"detail":"nope"}`))
	c := newTestClient(t, apiBase(srv), testkit.NewClock())
	_, err := c.GetCheckpoint(context.Background(), "op-1")
	assert.True(t, errors.Is(err, ErrAPI))
	assert.False(t, errors.Is(err, ErrConnection))
	assert.False(t, errors.Is(err, ErrTimeout))
	var ce *ClientError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 404, ce.StatusCode)

	c = newTestClient(t, closedURL(t), testkit.NewClock(), WithMaxRetries(0))
	_, err = c.GetCheckpoint(context.Background(), "op-1")
	requirePackageError(t, err)
	assert.True(t, errors.Is(err, ErrConnection))
	assert.False(t, errors.Is(err, ErrAPI))
}

// The environment's retry settings drive the retries of typed calls; one
// delay is capped at the catalog's 30 s.
func TestEnvironmentDrivesRetries(t *testing.T) {
	srv := testkit.NewStepServer(t, testkit.Reply(500, `{"detail":"boom"}`))
	clk := testkit.NewClock()
	c := newTestClient(t, apiBase(srv), clk, withLookupEnv(testkit.Env(map[string]string{
		"KTRDR_API_CLIENT_MAX_RETRIES": "5",
		"KTRDR_API_CLIENT_RETRY_DELAY": "10",
	})))
	_, err := c.ListCheckpoints(context.Background(), nil)
	requirePackageError(t, err)
	assert.Equal(t, 6, srv.Count())
	assert.Equal(t, []time.Duration{testkit.Secs(10.5), testkit.Secs(20.5), 30 * time.Second, 30 * time.Second, 30 * time.Second}, clk.Sleeps())
}

// Header values that could split a request are refused before anything is
// sent; editors add headers to every attempt of typed calls.
func TestHeadersAreCheckedAndEdited(t *testing.T) {
	_, err := NewClient(withLookupEnv(testkit.NoEnv), WithHeader("X-API-Key", "k\r\nX-Evil: 1"))
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "X-Evil", "the value is not shown")
	_, err = NewAsyncClient(withLookupEnv(testkit.NoEnv), WithUserAgent("ua\nX-Evil: 1"))
	require.Error(t, err)

	srv := testkit.NewStepServer(t, testkit.Reply(503, `{}`), testkit.Reply(200, `{"success":true,"models":[]}`))
	n := 0
	c := newTestClient(t, apiBase(srv), testkit.NewClock(), WithRequestEditor(func(ctx context.Context, req *http.Request) error {
		n++
		req.Header.Set("Authorization", "Bearer token-"+strconv.Itoa(n))
		return nil
	}))
	_, err = c.ListModels(context.Background(), WithCallHeader("X-Request-Id", "a\r\nb"))
	var ce *ClientError
	require.ErrorAs(t, err, &ce)
	assert.Zero(t, srv.Count(), "nothing is sent")

	_, err = c.ListModels(context.Background(), WithCallHeader("X-Request-Id", "req-1"))
	require.NoError(t, err)
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "Bearer token-1", reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer token-2", reqs[1].Header.Get("Authorization"), "the editor runs on every attempt")
	assert.Equal(t, "req-1", reqs[1].Header.Get("X-Request-Id"))
}
