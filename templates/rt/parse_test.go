package rt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/internal/testkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSuccessfulResponses(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
		want   *item
	}{
		{"200 with JSON", 200, `{"id":"a","count":2}`, &item{ID: "a", Count: 2}},
		{"201 with JSON", 201, `{"id":"b"}`, &item{ID: "b"}},
		{"204 no content", 204, ``, nil},
		{"200 with an empty body", 200, ``, nil},
		{"200 with whitespace only", 200, " \n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tt.status, tt.body) })
			c := newTestClient(t, testSettings(), srv.URL)
			got, err := callOptional(context.Background(), c.core, getReq("/items/a"), nil, new(item))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// An endpoint that declares a response gets an *APIError for a 2xx
// without a body, in both flavours; one whose response is optional gets
// (nil, nil).
func TestEmptySuccessIsAnErrorUnlessOptional(t *testing.T) {
	for _, tt := range []struct {
		status int
		body   string
		want   string
	}{
		{204, "", "GET /items/a: 204 No Content with an empty body; a JSON response was expected"},
		{200, "", "GET /items/a: 200 OK with an empty body; a JSON response was expected"},
		{200, " \n", "GET /items/a: 200 OK with an empty body; a JSON response was expected"},
	} {
		srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tt.status, tt.body) })
		c := newTestClient(t, testSettings(), srv.URL)
		ctx := context.Background()
		flavours := map[string]func(opt bool) (any, error){
			"sync": func(opt bool) (any, error) {
				if opt {
					return callOptional(ctx, c.core, getReq("/items/a"), nil, new(item))
				}
				return call(ctx, c.core, getReq("/items/a"), nil, new(item))
			},
			"async": func(opt bool) (any, error) {
				return goCall(ctx, func(ctx context.Context) (*item, error) {
					if opt {
						return callOptional(ctx, c.core, getReq("/items/a"), nil, new(item))
					}
					return call(ctx, c.core, getReq("/items/a"), nil, new(item))
				}).Wait(ctx)
			},
			"value": func(opt bool) (any, error) {
				if opt {
					return callValueOptional[[]item](ctx, c.core, getReq("/items/a"), nil)
				}
				return callValue[[]item](ctx, c.core, getReq("/items/a"), nil)
			},
		}
		for name, f := range flavours {
			res, err := f(false)
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr, "%s %d", name, tt.status)
			assert.ErrorIs(t, err, ErrAPI)
			assert.Equal(t, tt.want, apiErr.Message, name)
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.False(t, apiErr.Retryable())
			assert.Equal(t, srv.URL+"/items/a", apiErr.URL)
			assert.True(t, reflect.ValueOf(res).IsNil(), "%s: no result with the error", name)

			res, err = f(true)
			require.NoError(t, err, name)
			assert.True(t, reflect.ValueOf(res).IsNil(), "%s: optional empty response", name)
		}
	}
}

func TestCallValueDecodesSlicesAndEmpty(t *testing.T) {
	body := `[{"id":"a"},{"id":"b"}]`
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/empty" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		writeJSON(w, 200, body)
	})
	c := newTestClient(t, testSettings(), srv.URL)
	got, err := callValue[[]item](context.Background(), c.core, getReq("/list"), nil)
	require.NoError(t, err)
	assert.Equal(t, []item{{ID: "a"}, {ID: "b"}}, got)

	empty, err := callValueOptional[[]item](context.Background(), c.core, getReq("/empty"), nil)
	require.NoError(t, err)
	assert.Nil(t, empty)

	require.NoError(t, callNoContent(context.Background(), c.core, getReq("/list"), nil))
}

func TestInvalidJSONOnSuccess(t *testing.T) {
	long := "<html>" + strings.Repeat("x", 600) + "</html>"
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, long) })
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/items/a"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Invalid JSON response from API", apiErr.Message)
	assert.Equal(t, 200, apiErr.StatusCode)
	assert.Equal(t, long[:500], apiErr.Details["raw"])
	assert.False(t, apiErr.Retryable())
	assert.Equal(t, 1, srv.Count(), "not retried")
	var syntaxErr *json.SyntaxError
	assert.ErrorAs(t, err, &syntaxErr, "the cause is kept")
}

func TestUnexpectedJSONShapeOnSuccess(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"id": 12}`) })
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/items/a"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Contains(t, apiErr.Message, "Unexpected JSON response from API")
	assert.Equal(t, `{"id": 12}`, apiErr.Details["raw"])
}

func TestErrorResponses(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		message     string
		code        string
		details     map[string]any
		retryable   bool
	}{
		{
			name: "FastAPI detail string", status: 404, body: `{"detail":"Operation not found"}`,
			message: "Operation not found", details: map[string]any{"detail": "Operation not found"},
		},
		{
			name: "top-level message", status: 400, body: `{"message":"bad symbol","field":"symbol"}`,
			message: "bad symbol", details: map[string]any{"message": "bad symbol", "field": "symbol"},
		},
		{
			name: "KTRDR envelope", status: 503,
			body:    `{"success":false,"error":{"code":"DATA-UNAVAILABLE","message":"no data for AAPL","details":{"symbol":"AAPL"}}}`,
			message: "no data for AAPL", code: "DATA-UNAVAILABLE", retryable: true,
			details: map[string]any{"success": false, "error": map[string]any{
				"code": "DATA-UNAVAILABLE", "message": "no data for AAPL", "details": map[string]any{"symbol": "AAPL"},
			}},
		},
		{
			name: "422 validation list", status: 422,
			body:    `{"detail":[{"loc":["body","symbol"],"msg":"field required","type":"missing"},{"loc":["query","limit",0],"msg":"must be positive"}]}`,
			message: "body.symbol: field required; query.limit.0: must be positive",
		},
		{
			name: "plain text 500", status: 500, contentType: "text/plain", body: "Internal Server Error\n",
			message: "Internal Server Error", retryable: true,
			details: map[string]any{"message": "Internal Server Error", "content_type": "text/plain", "size": 22},
		},
		{
			name: "empty 502", status: 502, body: ``,
			message: "GET /items: 502 Bad Gateway", details: map[string]any{}, retryable: true,
		},
		{
			name: "empty 404", status: 404, body: ``,
			message: "GET /items: 404 Not Found", details: map[string]any{},
		},
		{
			name: "unknown status", status: 599, body: ``,
			message: "GET /items: 599", details: map[string]any{},
		},
		{
			name: "object without a message", status: 409, body: `{"conflict":true}`,
			message: "GET /items: 409 Conflict", details: map[string]any{"conflict": true},
		},
		{
			name: "non-object JSON body", status: 400, body: `["a","b"]`,
			message: "GET /items: 400 Bad Request", details: map[string]any{"raw": []any{"a", "b"}},
		},
		{
			name: "JSON string body", status: 404, body: `"silence not found"`,
			message: "silence not found", details: map[string]any{"raw": "silence not found"},
		},
		{
			name: "HTML page", status: 502, contentType: "text/html; charset=utf-8",
			body:    "<!DOCTYPE html><html><head><title>502 Bad\n Gateway</title></head><body><h1>nginx</h1></body></html>",
			message: `GET /items: 502 Bad Gateway: HTML page "502 Bad Gateway", 99 bytes`, retryable: true,
			details: map[string]any{"content_type": "text/html", "size": 99, "title": "502 Bad Gateway"},
		},
		{
			name: "HTML page without a content type or title", status: 500, contentType: "-",
			body:    "<html><body>oops</body></html>",
			message: `GET /items: 500 Internal Server Error: HTML page, 30 bytes`, retryable: true,
			details: map[string]any{"size": 30},
		},
		{
			name: "long text", status: 500, contentType: "text/plain",
			body:    "Traceback (most recent call last):\n  File \"app.py\", line 1\nKeyError: 'x'\n",
			message: "GET /items: 500 Internal Server Error: text/plain body, 73 bytes", retryable: true,
			details: map[string]any{"content_type": "text/plain", "size": 73},
		},
		{
			name: "binary", status: 500, contentType: "application/octet-stream", body: "\x00\x01\x02",
			message: "GET /items: 500 Internal Server Error: application/octet-stream body, 3 bytes", retryable: true,
			details: map[string]any{"content_type": "application/octet-stream", "size": 3},
		},
		{
			name: "304", status: 304, body: ``,
			message: "GET /items: 304 Not Modified (not modified since the copy the request named; the client keeps no cache, so it has no body to return)",
			details: map[string]any{},
		},
		{
			name: "101", status: 101, body: ``,
			message: "GET /items: 101 Switching Protocols (an informational status where a final response was expected)",
			details: map[string]any{},
		},
		{
			name: "300", status: 300, body: ``,
			message: "GET /items: 300 Multiple Choices (a redirect the client did not follow)",
			details: map[string]any{},
		},
		{
			name: "explicit retryable false wins over 503", status: 503, body: `{"detail":"maintenance","retryable":false}`,
			message: "maintenance", details: map[string]any{"detail": "maintenance", "retryable": false},
		},
		{
			name: "explicit retryable true wins over 400", status: 400, body: `{"detail":"try again","retryable":true}`,
			message: "try again", details: map[string]any{"detail": "try again", "retryable": true}, retryable: true,
		},
		{
			name: "401", status: 401, body: `{"detail":"Not authenticated"}`,
			message: "Not authenticated", details: map[string]any{"detail": "Not authenticated"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				switch ct := tt.contentType; ct {
				case "":
					w.Header().Set("Content-Type", "application/json")
				case "-":
					w.Header()["Content-Type"] = nil // not sniffed
				default:
					w.Header().Set("Content-Type", ct)
				}
				if tt.status == http.StatusSwitchingProtocols {
					w.Header().Set("Connection", "Upgrade")
					w.Header().Set("Upgrade", "websocket")
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(0))
			req := getReq("/items")
			req.query = url.Values{"x": {"1"}}
			_, err := call(context.Background(), c.core, req, nil, new(item))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.message, apiErr.Message)
			assert.Equal(t, tt.message, apiErr.Error())
			assert.Equal(t, tt.status, apiErr.StatusCode)
			assert.Equal(t, tt.code, apiErr.Code)
			if tt.details != nil {
				assert.Equal(t, tt.details, apiErr.Details)
			}
			assert.Equal(t, tt.retryable, apiErr.Retryable())
			assert.Equal(t, "get_item", apiErr.Endpoint)
			assert.Equal(t, "GET", apiErr.Method)
			assert.Equal(t, srv.URL+"/items?x=1", apiErr.URL)
			assert.Nil(t, apiErr.Diagnosis)
		})
	}
}

func TestSuggestionsByStatus(t *testing.T) {
	want := map[int]string{
		400: "check the request parameters",
		401: "authentication required",
		403: "permission denied",
		404: "resource not found",
		422: "validation failed",
		429: "rate limited; wait and retry",
		500: "server error; check the server logs or retry later",
		503: "server error; check the server logs or retry later",
		409: "",
	}
	for status, s := range want {
		e := &APIError{ClientError: ClientError{Message: "m", StatusCode: status}}
		if s == "" {
			assert.Empty(t, e.Suggestion(), "status %d", status)
			assert.Equal(t, fmt.Sprintf("m (%d)", status), e.Verbose())
			continue
		}
		assert.Contains(t, e.Suggestion(), s, "status %d", status)
		assert.Equal(t, fmt.Sprintf("m (%d)\nsuggestion: %s", status, e.Suggestion()), e.Verbose())
	}
}

// envelope builds a KTRDR error envelope.
func envelope(code, message string, details any) string {
	b, _ := json.Marshal(map[string]any{
		"success": false,
		"error":   map[string]any{"code": code, "message": message, "details": details},
	})
	return string(b)
}

func TestDiagnosticsRules(t *testing.T) {
	tests := []struct {
		name        string
		rule        string
		body        string
		problemType string
		details     any
	}{
		{
			name: "1 gateway issue with a known problem type", rule: "gateway_issue",
			body:        envelope("IB-GATEWAY-ISSUE", "gateway problem", map[string]any{"problem_type": "configuration", "diagnosis": map[string]any{"hint": "check port 4002"}}),
			problemType: "configuration", details: map[string]any{"hint": "check port 4002"},
		},
		{
			name: "1 gateway issue with an unknown problem type", rule: "gateway_issue",
			body:        envelope("ib-gateway-issue", "gateway problem", map[string]any{"problem_type": "weird"}),
			problemType: "unknown",
		},
		{
			name: "1 gateway issue without details", rule: "gateway_issue",
			body:        envelope("IB-GATEWAY-ISSUE", "gateway problem", nil),
			problemType: "unknown",
		},
		{
			name: "2 circuit breaker by code", rule: "circuit_breaker",
			body:        envelope("IB-CIRCUIT-OPEN", "stopped", nil),
			problemType: "unrecoverable",
		},
		{
			name: "2 circuit breaker by message", rule: "circuit_breaker",
			body:        envelope("DATA-ERROR", "The Circuit is open", nil),
			problemType: "unrecoverable",
		},
		{
			name: "3 silent connection by message", rule: "silent_connection",
			body:        envelope("DATA-ERROR", "Request TIMEOUT while fetching bars", nil),
			problemType: "unrecoverable",
		},
		{
			name: "3 silent connection by code", rule: "silent_connection",
			body:        envelope("IB-TIMEOUT", "no answer", nil),
			problemType: "unrecoverable",
		},
		{
			name: "4 gateway unreachable", rule: "gateway_unreachable",
			body:        envelope("DATA-ERROR", "Connection refused by host", nil),
			problemType: "unrecoverable",
		},
		{
			name: "5 temporary by code", rule: "gateway_temporary",
			body:        envelope("IB-PACING", "slow down", nil),
			problemType: "recoverable",
		},
		{
			name: "5 temporary by message", rule: "gateway_temporary",
			body:        envelope("DATA-ERROR", "TWS is restarting", nil),
			problemType: "recoverable",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, tt.body) })
			c := newTestClient(t, testSettings(), srv.URL)
			_, err := call(context.Background(), c.core, getReq("/data"), nil, new(item))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			require.NotNil(t, apiErr.Diagnosis)
			message := ruleMessage(t, tt.rule)
			assert.Equal(t, &Diagnosis{ProblemType: tt.problemType, Message: message, Details: tt.details, Rule: tt.rule}, apiErr.Diagnosis)
			assert.Equal(t, map[string]any{
				"problem_type": tt.problemType, "message": message, "details": tt.details,
			}, apiErr.Details["ib_diagnosis"])
			assert.Contains(t, apiErr.Verbose(), "diagnosis ("+tt.problemType+"): "+message)

			// The original body is preserved next to the diagnosis.
			var orig map[string]any
			require.NoError(t, json.Unmarshal([]byte(tt.body), &orig))
			for k, v := range orig {
				assert.Equal(t, v, apiErr.Details[k], "details key %q", k)
			}
			assert.Len(t, apiErr.Details, len(orig)+1)
		})
	}
}

func TestDiagnosticsNoMatch(t *testing.T) {
	body := envelope("DATA-NOT-FOUND", "no bars for AAPL", map[string]any{"symbol": "AAPL"})
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 404, body) })
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/data"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Nil(t, apiErr.Diagnosis)
	assert.NotContains(t, apiErr.Details, "ib_diagnosis")
	assert.Equal(t, map[string]any{"symbol": "AAPL"}, apiErr.Details["error"].(map[string]any)["details"])
	assert.NotContains(t, apiErr.Verbose(), "diagnosis")
}

// Rules match only the message where the catalog says diagnosable errors
// keep it (error.message of the envelope): a FastAPI detail, a top-level
// message or a proxy's text page is never diagnosed.
func TestDiagnosticsOnlyMatchTheirEnvelope(t *testing.T) {
	for _, tt := range []struct {
		name, contentType, body string
		status                  int
	}{
		{"FastAPI detail", "application/json", `{"detail":"database connection lost"}`, 500},
		{"top-level message", "application/json", `{"message":"TWS is restarting"}`, 500},
		{"JSON string", "application/json", `"gateway timeout"`, 504},
		{"proxy text", "text/plain", "Bad Gateway", 502},
		{"proxy page", "text/html", "<html><title>502 Bad Gateway</title></html>", 502},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			c := newTestClient(t, testSettings(), srv.URL, WithMaxRetries(0))
			_, err := call(context.Background(), c.core, getReq("/data"), nil, new(item))
			var apiErr *APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Nil(t, apiErr.Diagnosis)
			assert.NotContains(t, apiErr.Details, "ib_diagnosis")
			assert.NotContains(t, apiErr.Verbose(), "diagnosis")
		})
	}
}

func TestDiagnosticsFirstRuleWins(t *testing.T) {
	// Matches rules 2 (circuit), 4 (connection) and 5 (gateway): rule 2 wins.
	body := envelope("IB-GATEWAY-CIRCUIT", "gateway connection circuit open", nil)
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 400, body) })
	c := newTestClient(t, testSettings(), srv.URL)
	_, err := call(context.Background(), c.core, getReq("/data"), nil, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	require.NotNil(t, apiErr.Diagnosis)
	assert.Equal(t, "circuit_breaker", apiErr.Diagnosis.Rule)
	assert.Equal(t, ruleMessage(t, "circuit_breaker"), apiErr.Diagnosis.Message)
}

// ruleMessage is the message of the diagnostics rule name of testSettings.
func ruleMessage(t *testing.T, name string) string {
	t.Helper()
	for _, r := range testSettings().diagnostics.rules {
		if r.name == name {
			return r.message
		}
	}
	t.Fatalf("the catalog has no diagnostics rule %q", name)
	return ""
}

func TestLookupPath(t *testing.T) {
	var doc any
	require.NoError(t, json.Unmarshal([]byte(`{"a":{"b":{"c":1.5}},"list":[{"id":"x"}],"n":null}`), &doc))
	tests := []struct {
		path string
		want any
		ok   bool
	}{
		{"a.b.c", 1.5, true},
		{"a.b", map[string]any{"c": 1.5}, true},
		{"list.0.id", "x", true},
		{"list.1.id", nil, false},
		{"list.x", nil, false},
		{"a.missing", nil, false},
		{"a.b.c.d", nil, false},
		{"n", nil, true},
		{"", doc, true},
	}
	for _, tt := range tests {
		got, ok := lookupPath(doc, tt.path)
		assert.Equal(t, tt.ok, ok, tt.path)
		assert.Equal(t, tt.want, got, tt.path)
	}
	_, ok := lookupPath(nil, "a")
	assert.False(t, ok)
}

func TestErrorMessagesNeverCarrySecrets(t *testing.T) {
	srv := testkit.Serve(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, `{"detail":"boom"}`) })
	c := newTestClient(t, testSettings(), srv.URL,
		WithMaxRetries(0),
		WithHeader("Authorization", "Bearer topsecret"),
		WithHeader("X-API-Key", "key-secret"),
	)
	_, err := call(context.Background(), c.core, getReq("/items"), []CallOption{WithCallHeader("Cookie", "session=cookiesecret")}, new(item))
	var apiErr *APIError
	require.ErrorAs(t, err, &apiErr)
	all := fmt.Sprintf("%v %s %#v %v", err, apiErr.Verbose(), apiErr.Details, apiErr.URL)
	for _, secret := range []string{"topsecret", "key-secret", "cookiesecret"} {
		assert.NotContains(t, all, secret)
	}
	assert.True(t, errors.Is(err, ErrAPI))
}
