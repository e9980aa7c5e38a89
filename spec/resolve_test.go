package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// loadFile loads a catalog under testdata.
func loadFile(t *testing.T, name string) *Model {
	t.Helper()
	m, err := Load(filepath.Join("testdata", name))
	require.NoError(t, err)
	return m
}

func TestResolveSmallCatalog(t *testing.T) {
	m := loadFile(t, "small.yaml")
	assert.Equal(t, filepath.Join("testdata", "small.yaml"), m.Source)

	c := m.Client
	assert.Equal(t, "Shop", c.Name)
	assert.Equal(t, "shop", c.Package)
	assert.Equal(t, "Package shop is a client for the Shop API.", c.Description, "default description")
	assert.Equal(t, "https://shop.example/api", c.BaseURL, "trailing slash stripped")
	assert.Equal(t, "/api/v2", c.APIPrefix, "trailing slash stripped")
	assert.Equal(t, "shop-go-client", c.UserAgent, "default user agent")
	assert.Equal(t, 30*time.Second, c.Timeout)
	assert.Equal(t, int64(32<<20), c.MaxResponseBytes)
	assert.Equal(t, []string{"Authorization", "Cookie", "Proxy-Authorization", "Set-Cookie", "X-Shop-Token"}, c.SecretHeaders)
	assert.Equal(t, "Idempotency-Key", c.IdempotencyHeader)
	assert.Equal(t, "X-Request-Id", c.RequestIDHeader)
	assert.Equal(t, Env{BaseURL: []string{"SHOP_URL"}}, c.Env)
	assert.Equal(t, RetryPolicy{
		MaxRetries:    2,
		BaseDelay:     time.Second,
		MaxDelay:      30 * time.Second,
		Jitter:        time.Second,
		Statuses:      []int{429, 503},
		MaxRetryAfter: 60 * time.Second,
		Budget:        RetryBudget{Capacity: 0, RetryCost: 5, TimeoutCost: 10, Refill: 1},
	}, c.Retry)
	assert.Equal(t, ErrorFormat{
		Message:   []string{"detail", "message", "error.message"},
		Code:      []string{"error.code"},
		Details:   []string{"error.details"},
		Retryable: []string{},
	}, c.ErrorFormat)
	assert.Equal(t, Diagnostics{Key: "diagnosis", MessageFrom: []string{"error.message"}, Rules: []DiagnosticRule{{
		Name:            "Stock",
		CodeContains:    []string{"out-of-stock"},
		MessageContains: []string{"sold out"},
		ProblemType:     "recoverable",
		Message:         "The item is sold out; try again tomorrow.",
		DetailsFrom:     "error.item",
	}}}, c.Diagnostics)
	assert.Equal(t, "/health", c.HealthPath)
	assert.Equal(t, 5*time.Second, c.HealthTimeout)

	// Types, sorted by Go name.
	require.Len(t, m.Types, 3)
	order, line, state := m.Types[0], m.Types[1], m.Types[2]
	assert.Equal(t, "Order", order.GoName)
	assert.Equal(t, "OrderLine", line.GoName)
	assert.Equal(t, "order_state", state.Name)
	assert.Equal(t, "OrderState", state.GoName)
	assert.Equal(t, "Where an order is.", state.Description)
	assert.True(t, state.IsEnum())
	assert.Nil(t, state.Fields)
	assert.Equal(t, []EnumValue{
		{Value: "new", GoName: "OrderStateNew"},
		{Value: "in-progress", GoName: "OrderStateInProgress"},
		{Value: "1d", GoName: "OrderState1d"},
		{Value: "DONE", GoName: "OrderStateDone"},
	}, state.Enum, "catalog order")

	assert.False(t, order.IsEnum())
	assert.Equal(t, "An order.\n\nComments may hold */ and `backquotes` — and Unicode: ✓.", order.Description, "kept intact")
	var names []string
	for _, f := range order.Fields {
		names = append(names, f.JSONName+"="+f.GoName)
	}
	assert.Equal(t, []string{"order_id=OrderID", "state=State", "placed_at=PlacedAt", "lines=Lines", "tags=Tags", "next=Next", "@kind=Kind"}, names, "catalog order")
	f := order.Fields
	assert.Equal(t, &Field{JSONName: "order_id", GoName: "OrderID", Description: "The order's id.", Type: &TypeRef{Kind: KindString}, Required: true}, f[0])
	assert.Equal(t, &TypeRef{Kind: KindRef, Ref: state}, f[1].Type)
	assert.True(t, f[1].Required)
	assert.Equal(t, &TypeRef{Kind: KindDateTime}, f[2].Type)
	assert.False(t, f[2].Required)
	assert.Equal(t, &TypeRef{Kind: KindArray, Elem: &TypeRef{Kind: KindRef, Ref: line}}, f[3].Type)
	assert.Equal(t, &TypeRef{Kind: KindMap, Elem: &TypeRef{Kind: KindArray, Elem: &TypeRef{Kind: KindString}}}, f[4].Type)
	assert.Same(t, order, f[5].Type.Ref, "an optional field may refer to its own type")
	assert.Equal(t, &TypeRef{Kind: KindAny}, f[6].Type)
	var kinds []Kind
	for _, f := range line.Fields {
		kinds = append(kinds, f.Type.Kind)
	}
	assert.Equal(t, []Kind{KindString, KindInteger, KindNumber, KindBoolean}, kinds)

	// Endpoints, sorted by Go name.
	var epNames []string
	for _, e := range m.Endpoints {
		epNames = append(epNames, e.GoName)
	}
	require.Equal(t, []string{"DeleteOrder", "GetOrder", "ListOrders", "PingHTTP", "PlaceOrder"}, epNames)
	del, get, list, ping, place := m.Endpoints[0], m.Endpoints[1], m.Endpoints[2], m.Endpoints[3], m.Endpoints[4]

	assert.Equal(t, "GET", get.Method)
	assert.Equal(t, "/users/{user_id}/orders/{order_id}", get.Path)
	assert.Equal(t, "Returns one order.", get.Description)
	require.Len(t, get.PathParams, 2)
	assert.Equal(t, &Param{Name: "user_id", GoName: "userID", Description: "The owner.", Type: &TypeRef{Kind: KindInteger}, Required: true}, get.PathParams[0], "path order, not declaration order")
	assert.Equal(t, &Param{Name: "order_id", GoName: "orderID", Type: &TypeRef{Kind: KindString}, Required: true}, get.PathParams[1])
	assert.Nil(t, get.Query)
	assert.Empty(t, get.ParamsGoName)
	assert.Nil(t, get.Body)
	assert.Equal(t, &TypeRef{Kind: KindRef, Ref: order}, get.Response)
	assert.Equal(t, 2*time.Second, get.Timeout)
	assert.True(t, get.Retry)
	assert.True(t, get.Idempotent)
	assert.Nil(t, get.MaxRetries)
	assert.Nil(t, get.Operation)

	assert.Equal(t, "ListOrdersParams", list.ParamsGoName)
	require.Len(t, list.Query, 4)
	assert.Equal(t, &Param{Name: "state", GoName: "State", Description: "Only orders in these states.",
		Type: &TypeRef{Kind: KindArray, Elem: &TypeRef{Kind: KindRef, Ref: state}}, Style: QueryComma}, list.Query[0])
	assert.Equal(t, &Param{Name: "limit", GoName: "Limit", Type: &TypeRef{Kind: KindInteger}, Required: true, Style: QueryForm}, list.Query[1])
	assert.Equal(t, &Param{Name: "since", GoName: "Since", Type: &TypeRef{Kind: KindDateTime}, Style: QueryForm}, list.Query[2])
	assert.Equal(t, &Param{Name: "line", GoName: "Line", Type: &TypeRef{Kind: KindRef, Ref: line}, Style: QueryDeepObject}, list.Query[3])
	assert.Equal(t, &TypeRef{Kind: KindArray, Elem: &TypeRef{Kind: KindRef, Ref: order}}, list.Response)
	assert.Equal(t, time.Duration(0), list.Timeout, "0: the client's timeout")

	assert.Equal(t, "POST", place.Method)
	assert.Equal(t, &TypeRef{Kind: KindRef, Ref: order}, place.Body)
	assert.True(t, place.BodyRequired, "default when a body is set")
	assert.True(t, place.Idempotent)
	require.NotNil(t, place.MaxRetries)
	assert.Equal(t, 5, *place.MaxRetries)
	assert.Equal(t, &StartOperation{IDFields: []string{"data.order_id", "order_id"}, OnCancel: "detach"}, place.Operation)

	assert.Equal(t, "DELETE", del.Method)
	assert.Equal(t, &TypeRef{Kind: KindMap, Elem: &TypeRef{Kind: KindAny}}, del.Body)
	assert.False(t, del.BodyRequired)
	assert.Nil(t, del.Response, "no content")
	assert.False(t, del.Retry)
	assert.True(t, del.Idempotent)

	assert.Equal(t, "HEAD", ping.Method)
	assert.Nil(t, ping.PathParams)
	assert.Nil(t, ping.Body)
	assert.False(t, ping.BodyRequired)

	// Operations, with every default.
	assert.Equal(t, &Operations{
		StatusPath:      "/jobs/{job_id}",
		CancelMethod:    "DELETE",
		CancelPath:      "/jobs/{job_id}",
		StatusField:     "state",
		InProgress:      []string{"queued", "running"},
		Succeeded:       []string{"done"},
		Failed:          []string{"error"},
		PollInterval:    300 * time.Millisecond,
		PollMaxInterval: 300 * time.Millisecond,
		PollGrowth:      1,
		CancelTimeout:   5 * time.Second,
		MaxUnexpected:   10,
	}, m.Operations)
}

func TestResolveDefaults(t *testing.T) {
	m, err := Parse("min.yaml", []byte(y(cl, "endpoints:", "  post_it: {method: POST, path: /it, body: any}", "  patch_it: {method: PATCH, path: /it}", "  put_it: {method: PUT, path: /it}", "  opts: {method: OPTIONS, path: /it}")))
	require.NoError(t, err)
	c := m.Client
	assert.Equal(t, "http://x", c.BaseURL)
	assert.Equal(t, "t-go-client", c.UserAgent)
	assert.Equal(t, "Package t is a client for the T API.", c.Description)
	assert.Equal(t, Env{}, c.Env)
	assert.Equal(t, defaultRetry(), c.Retry)
	assert.Equal(t, defaultErrorFormat(), c.ErrorFormat)
	assert.Equal(t, Diagnostics{Key: "diagnosis", MessageFrom: []string{"error.message"}}, c.Diagnostics)
	assert.Equal(t, alwaysSecret(), c.SecretHeaders)
	assert.Empty(t, c.IdempotencyHeader)
	assert.Empty(t, c.RequestIDHeader)
	assert.Empty(t, c.APIPrefix)
	assert.Nil(t, m.Operations)
	assert.Empty(t, m.Types)

	idem := map[string]bool{}
	for _, e := range m.Endpoints {
		idem[e.Method] = e.Idempotent
		assert.True(t, e.Retry, e.Name)
	}
	assert.Equal(t, map[string]bool{"POST": false, "PATCH": false, "PUT": true, "OPTIONS": true}, idem)
	assert.True(t, m.Endpoints[2].BodyRequired, "post_it: a body is required by default")
}

func TestOperationsFullySpecified(t *testing.T) {
	m, err := Parse("ops.yaml", []byte(y(cl, "types:", "  St: {fields: {ok: {type: boolean}, d: {type: D}}}",
		"  D: {fields: {s: {type: string}, p: {type: integer}, step: {type: string}, err: {type: string}}}", "endpoints: {}",
		"operations:",
		"  status: {path: '/ops/{id}', response: St}",
		"  cancel: {method: POST, path: '/ops/{id}/cancel', body: ' {\"reason\": \"x\"} ', timeout: 2s}",
		"  fields: {success: ok, status: d.s, progress: d.p, step: d.step, error: d.err, result: d}",
		"  statuses: {in_progress: [r], succeeded: [d], failed: [f], cancelled: [c]}",
		"  poll: {interval: 100ms, max_interval: 2s, growth: 1.5, max_unexpected: 3}")))
	require.NoError(t, err)
	assert.Equal(t, &Operations{
		StatusPath: "/ops/{id}", CancelMethod: "POST", CancelPath: "/ops/{id}/cancel",
		CancelBody: `{"reason": "x"}`, StatusField: "d.s", ProgressField: "d.p", StepField: "d.step",
		ErrorField: "d.err", ResultField: "d", SuccessField: "ok",
		InProgress: []string{"r"}, Succeeded: []string{"d"}, Failed: []string{"f"}, Cancelled: []string{"c"},
		PollInterval: 100 * time.Millisecond, PollMaxInterval: 2 * time.Second, PollGrowth: 1.5,
		CancelTimeout: 2 * time.Second, MaxUnexpected: 3,
		Response: &TypeRef{Kind: KindRef, Ref: m.Types[1]},
	}, m.Operations)
}

func TestAliasesAreFollowed(t *testing.T) {
	m, err := Parse("a.yaml", []byte(y(cl,
		"types:",
		"  Id: {fields: {id: &req {type: string, required: true}}}",
		"  Other: {fields: {id: *req}}",
		"endpoints:",
		"  a: {method: GET, path: /a, response: Other}")))
	require.NoError(t, err)
	require.Len(t, m.Types, 2)
	assert.True(t, m.Types[1].Fields[0].Required)
}

func TestSeveralErrorsAreSorted(t *testing.T) {
	src := y(
		"client:",
		"  name: T",
		"  package: Bad-Pkg",
		"  base_url: localhost",
		"  retry: {base_delay: soon}",
		"types:",
		"  Client: {fields: {x: {type: strng}}}",
		"endpoints:",
		"  b_op: {method: GET, path: /b, timeout: 1}",
		"  a_op: {method: FETCH, path: '/a/{id}'}",
		"  zed: {method: GET, path: /b}",
		"operations:",
		"  status: {path: /ops}",
		"  statuses: {in_progress: [r], succeeded: [r], failed: [f]}",
		"  fields: {status: s}",
	)
	got := parseErrors(t, src)
	assert.Equal(t, []string{
		`t.yaml:3:12: client: package "Bad-Pkg" is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)`,
		`t.yaml:4:13: client: base_url must be an absolute http or https URL such as http://localhost:8000/api/v1, got "localhost"`,
		`t.yaml:5:23: client.retry: bad base_delay "soon" (want a Go duration such as 300ms, 5s or 1m30s)`,
		`t.yaml:7:3: type "Client": Go name "Client" is taken by the generated runtime (the synchronous client); set go_name on the type (e.g. go_name: ClientModel) or rename it`,
		`t.yaml:7:31: type "Client" field "x": type: unknown type "strng" (declare it under types)`,
		`t.yaml:9:42: endpoint "b_op": bad timeout "1" (want a Go duration such as 300ms, 5s or 1m30s)`,
		`t.yaml:10:18: endpoint "a_op": unknown method "FETCH" (want one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)`,
		`t.yaml:10:31: endpoint "a_op": path parameter {id} is not declared under path_params`,
		`t.yaml:11:28: endpoint "zed": GET /b is also endpoint "b_op" (line 9); declare each method and path once`,
		`t.yaml:13:18: operations.status: path "/ops" must have exactly one {parameter}, the operation id, such as /operations/{operation_id}`,
		`t.yaml:14:44: operations.statuses: status "r" is in both in_progress and succeeded (a status belongs to one list)`,
	}, got)

	_, err := Parse("t.yaml", []byte(src))
	var first *Error
	require.True(t, errors.As(err, &first), "errors.As finds an *Error in the list")
	assert.Equal(t, &Error{File: "t.yaml", Line: 3, Col: 12, Msg: `client: package "Bad-Pkg" is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)`}, first)
}

func TestErrorFormat(t *testing.T) {
	assert.Equal(t, "f.yaml:3:7: bad", (&Error{File: "f.yaml", Line: 3, Col: 7, Msg: "bad"}).Error())
	assert.Equal(t, "f.yaml: bad", (&Error{File: "f.yaml", Msg: "bad"}).Error())
	list := ErrorList{{File: "a", Line: 2, Col: 1, Msg: "x"}, {File: "a", Line: 1, Col: 5, Msg: "y"}, {File: "a", Line: 1, Col: 5, Msg: "y"}, {File: "a", Line: 1, Col: 2, Msg: "z"}}
	assert.Equal(t, "a:1:2: z\na:1:5: y\na:2:1: x", list.sorted().Error(), "sorted, exact duplicates dropped")
}

func TestYAMLErrorLines(t *testing.T) {
	tests := []struct{ src, want string }{
		{"client: {name: x\n", "t.yaml:2:1: invalid YAML: did not find expected ',' or '}'"},
		{"a: 1\nb: 2\n c: 3\n", "t.yaml:3:1: invalid YAML: mapping values are not allowed in this context"},
		{"a: 1\nb: 2\n- x\n", "t.yaml:3:1: invalid YAML: did not find expected key"},
		{"a: 1\n\tb: 2\n", "t.yaml:2:1: invalid YAML: found a tab character that violates indentation"},
		{"a: 1\nb: [x,\n  *nope]\n", "t.yaml:3:3: invalid YAML: unknown anchor 'nope' referenced"},
	}
	for _, tt := range tests {
		assert.Equal(t, []string{tt.want}, parseErrors(t, tt.src), "%q", tt.src)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.yaml"))
	require.Error(t, err)
	assert.True(t, errors.Is(err, fs.ErrNotExist), "got %v", err)
}

func TestParseIsPure(t *testing.T) {
	// Parse never reads the file it names.
	m, err := Parse("/does/not/exist.yaml", []byte(y(cl, "endpoints: {}")))
	require.NoError(t, err)
	assert.Equal(t, "/does/not/exist.yaml", m.Source)
	assert.Empty(t, m.Endpoints)
	assert.NotNil(t, m.Endpoints)
}

// docExample returns the complete catalog of docs/catalog.md.
func docExample(t *testing.T) (string, []byte) {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "catalog.md"))
	require.NoError(t, err)
	_, after, ok := strings.Cut(string(doc), "## A complete catalog")
	require.True(t, ok, "docs/catalog.md has a complete catalog section")
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(after)
	require.NotNil(t, m, "the section holds a yaml block")
	return string(doc), []byte(m[1])
}

func TestDocExampleLoads(t *testing.T) {
	doc, example := docExample(t)
	m, err := Parse("docs/catalog.md", example)
	require.NoError(t, err)
	assert.Equal(t, "ktrdr", m.Client.Package)
	assert.NotNil(t, m.Operations)

	// Every reserved name is listed.
	for _, list := range [][]string{ReservedNames(), ReservedMethodNames(), ReservedArgNames()} {
		for _, name := range list {
			assert.True(t, strings.Contains(doc, "`"+name+"`"), "reserved name %s is not listed in docs/catalog.md", name)
		}
	}

	// Every key the loader accepts appears in the example and is described.
	assert.Empty(t, undocumentedKeys(doc, example, keyTables()))
}

// TestUndocumentedKeysDetectsDrift shows that the check above fails when a
// key table holds a key that docs/catalog.md does not describe.
func TestUndocumentedKeysDetectsDrift(t *testing.T) {
	doc, example := docExample(t)
	tables := keyTables()
	for i := range tables {
		if tables[i].doc == "### `client.retry`" {
			tables[i].keys = append(tables[i].keys, key{name: "max_jitter"})
			break
		}
	}
	assert.Equal(t, []string{
		"### `client.retry` key \"max_jitter\" is missing from the example",
		"### `client.retry` key \"max_jitter\" is not described under its heading",
	}, undocumentedKeys(doc, example, tables))
}

// undocumentedKeys returns a problem for each key of the tables that the
// complete example of doc does not use, or that the section of doc under
// the table's heading does not name in backquotes.
func undocumentedKeys(doc string, example []byte, tables []keyTable) []string {
	var problems []string
	for _, tb := range tables {
		section := docSection(doc, tb.doc)
		if section == "" {
			problems = append(problems, fmt.Sprintf("docs/catalog.md has no heading %s", tb.doc))
			continue
		}
		for _, k := range tb.keys {
			name := regexp.QuoteMeta(k.name)
			if !regexp.MustCompile(`(?m)^\s*(- )?` + name + `:|[{,]\s*` + name + `:`).Match(example) {
				problems = append(problems, fmt.Sprintf("%s key %q is missing from the example", tb.doc, k.name))
			}
			if !regexp.MustCompile("`" + regexp.QuoteMeta(tb.prefix+k.name) + "[`.]").MatchString(section) {
				problems = append(problems, fmt.Sprintf("%s key %q is not described under its heading", tb.doc, k.name))
			}
		}
	}
	return problems
}

// docSection returns the text under heading (a whole line such as
// "### `client.env`") up to the next heading of the same or a higher
// level, or "" when doc has no such heading.
func docSection(doc, heading string) string {
	_, after, ok := strings.Cut(doc, "\n"+heading+"\n")
	if !ok {
		return ""
	}
	level := strings.Index(heading, " ")
	for _, line := range regexp.MustCompile(`(?m)^#+ .*$`).FindAllStringIndex(after, -1) {
		if strings.Index(after[line[0]:], " ") <= level {
			return after[:line[0]]
		}
	}
	return after
}

func TestDefaultCatalogLoads(t *testing.T) {
	path := filepath.Join("..", "spec", "endpoints.yaml")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skip("spec/endpoints.yaml does not exist yet")
	}
	m, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, "ktrdr", m.Client.Package)
	assert.NotEmpty(t, m.Endpoints)
	assert.NotNil(t, m.Operations)
}

func TestDiagnosticsMessageFromAndOptionalResponse(t *testing.T) {
	src := y(cl[:len(cl)-1]+", errors: {message: [detail, err.msg, error.message], code: [err.code]}}",
		"endpoints:",
		"  a: {method: DELETE, path: /a, response: any, response_optional: true}",
		"  b: {method: GET, path: /b, response: any}")
	m, err := Parse("t.yaml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []string{"err.msg"}, m.Client.Diagnostics.MessageFrom, "derived: the message next to the code")
	assert.True(t, m.Endpoints[0].ResponseOptional)
	assert.False(t, m.Endpoints[1].ResponseOptional)

	src = y(cl[:len(cl)-1]+", diagnostics: {message_from: [detail, error.message], rules: [{name: r, message_contains: [x], problem_type: a, message: m}]}}", "endpoints: {}")
	m, err = Parse("t.yaml", []byte(src))
	require.NoError(t, err)
	assert.Equal(t, []string{"detail", "error.message"}, m.Client.Diagnostics.MessageFrom, "explicit")
}

// TestEnumGoNames: enum_go_names names the constants of values whose Go
// names collide, or that have no letter or digit; the names follow the
// type's go_name.
func TestEnumGoNames(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  Sep: {enum: [a-b, a_b, a.b, '-'], enum_go_names: {a_b: AB_2, a.b: Dot, '-': Minus}}
  Case: {go_name: Letter, enum: [Foo, foo, values], enum_go_names: {foo: Foo_2, values: Values_2}}
endpoints:
  get: {method: GET, path: '/s/{sep}', path_params: {sep: {type: Sep}}, query: {c: {type: Case}}}
`))
	require.NoError(t, err)
	var got []string
	for _, ty := range m.Types {
		for _, v := range ty.Enum {
			got = append(got, v.Value+" "+v.GoName)
		}
	}
	assert.Equal(t, []string{"Foo LetterFoo", "foo LetterFoo_2", "values LetterValues_2", "a-b SepAB", "a_b SepAB_2", "a.b SepDot", "- SepMinus"}, got)
}

// TestIntegerEnums: an enum whose values are YAML integers is an integer
// enum, of Go's int unless its type says int32 or int64; its constants
// are named by the decimal value (Minus for a negative one) unless
// enum_go_names, keyed by the values, names them; it can be a path,
// query or header parameter and a default.
func TestIntegerEnums(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  Level: {enum: [1, 2, -1, 0], enum_go_names: {1: Debug, -1: Off}}
  Code: {type: int32, enum: [200, 404]}
  Big: {type: int64, enum: [9223372036854775807, -9223372036854775808]}
  Word: {type: string, enum: [a]}
  F: {fields: {l: {type: Level, default: -1}, c: {type: Code, default: 404}}}
endpoints:
  get:
    method: GET
    path: '/l/{level}'
    path_params: {level: {type: Level}}
    query: {codes: {type: '[]Code', style: comma}, big: {type: Big}}
    headers: {X-Level: {type: Level}}
`))
	require.NoError(t, err)
	byName := map[string]*Type{}
	for _, ty := range m.Types {
		byName[ty.Name] = ty
	}
	values := func(ty *Type) []string {
		var out []string
		for _, v := range ty.Enum {
			out = append(out, fmt.Sprintf("%s %d %s", v.Value, v.Int, v.GoName))
		}
		return out
	}
	assert.Equal(t, []string{"1 1 LevelDebug", "2 2 Level2", "-1 -1 LevelOff", "0 0 Level0"}, values(byName["Level"]))
	assert.Equal(t, []string{"200 200 Code200", "404 404 Code404"}, values(byName["Code"]))
	assert.Equal(t, []string{"9223372036854775807 9223372036854775807 Big9223372036854775807", "-9223372036854775808 -9223372036854775808 BigMinus9223372036854775808"}, values(byName["Big"]))
	kinds := []Kind{byName["Level"].EnumBase, byName["Code"].EnumBase, byName["Big"].EnumBase, byName["Word"].EnumBase}
	assert.Equal(t, []Kind{KindInteger, KindInt32, KindInt64, KindString}, kinds)
	assert.True(t, byName["Level"].IsIntEnum())
	assert.False(t, byName["Word"].IsIntEnum())
	assert.Equal(t, "-1", byName["F"].Fields[0].Default)
	assert.Equal(t, "404", byName["F"].Fields[1].Default)
	ep := m.Endpoints[0]
	assert.Same(t, byName["Level"], ep.PathParams[0].Type.Ref)
	assert.Same(t, byName["Code"], ep.Query[0].Type.Elem.Ref)
	assert.Same(t, byName["Level"], ep.Headers[0].Type.Ref)
}

// TestGoNameResolvesRuntimeCollisions: types and endpoints named like what
// the runtime declares are common in real APIs; go_name gives them another
// Go name while the catalog keeps referring to them by their own.
func TestGoNameResolvesRuntimeCollisions(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  Client: {go_name: ClientInfo, fields: {name: {type: string}}}
  Option: {go_name: OptionValue, enum: [a, b]}
endpoints:
  do: {method: POST, path: /do, go_name: DoAction, body: Client, response: Option, query: {q: {type: string}}}
`))
	require.NoError(t, err)
	require.Len(t, m.Types, 2)
	assert.Equal(t, "ClientInfo", m.Types[0].GoName)
	assert.Equal(t, "OptionValue", m.Types[1].GoName)
	assert.Equal(t, "OptionValueA", m.Types[1].Enum[0].GoName, "enum constants follow the type's go_name")
	ep := m.Endpoints[0]
	assert.Equal(t, "DoAction", ep.GoName)
	assert.Equal(t, "DoActionParams", ep.ParamsGoName)
	assert.Same(t, m.Types[0], ep.Body.Ref)
}

// TestFormatTypeExpressions: the formats are type expressions of their own.
func TestFormatTypeExpressions(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  F: {fields: {a: {type: int32}, b: {type: int64}, c: {type: float}, d: {type: double}, e: {type: date}, f: {type: uuid}, g: {type: uri}, h: {type: base64}, i: {type: "[]date"}}}
endpoints: {}
`))
	require.NoError(t, err)
	var kinds []Kind
	for _, f := range m.Types[0].Fields {
		kinds = append(kinds, f.Type.Kind)
	}
	assert.Equal(t, []Kind{KindInt32, KindInt64, KindFloat32, KindNumber, KindDate, KindString, KindString, KindBytes, KindArray}, kinds)
}

// TestFieldDefaults: a default is checked against its type, even an enum
// declared later, and kept as JSON text for the documentation.
func TestFieldDefaults(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  F: {fields: {n: {type: integer, default: 0x10}, x: {type: number, default: 1.5}, b: {type: boolean, default: true}, s: {type: string, default: 10}, k: {type: K, default: asc}, d: {type: date, default: "2024-01-01"}}}
  K: {enum: [asc, desc]}
endpoints: {}
`))
	require.NoError(t, err)
	var got []string
	for _, f := range m.Types[0].Fields {
		got = append(got, f.Default)
	}
	assert.Equal(t, []string{"16", "1.5", "true", `"10"`, `"asc"`, `"2024-01-01"`}, got)
}

// TestAllOfMergesFields: the parts' fields come first, in all_of order and
// composed themselves, then the type's own; parts may be declared later.
func TestAllOfMergesFields(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  Dog: {all_of: [Animal, Stamp], fields: {bark: {type: boolean, required: true}}}
  Animal: {all_of: [Named], fields: {legs: {type: int32}}}
  Named: {fields: {name: {type: string, required: true}}}
  Stamp: {fields: {at: {type: date-time}}}
endpoints: {}
`))
	require.NoError(t, err)
	var dog *Type
	for _, ty := range m.Types {
		if ty.Name == "Dog" {
			dog = ty
		}
	}
	require.NotNil(t, dog)
	var names []string
	for _, f := range dog.Fields {
		names = append(names, f.JSONName)
	}
	assert.Equal(t, []string{"name", "legs", "at", "bark"}, names)
	require.Len(t, dog.AllOf, 2)
	assert.Equal(t, "Animal", dog.AllOf[0].Name)
	assert.True(t, dog.Fields[0].Required)
}

// TestUnions: members in order with their accessor names and, with a
// discriminator, their values.
func TestUnions(t *testing.T) {
	m, err := Parse("t.yaml", []byte(`client: {name: T, package: t, base_url: 'http://x'}
types:
  Shape: {one_of: [Circle, Square], discriminator: {property: kind, mapping: {sq: Square, circle: Circle}}}
  Limit: {any_of: [double, string, date-time, Circle]}
  Circle: {fields: {r: {type: number}}}
  Square: {fields: {s: {type: number}}}
endpoints: {}
`))
	require.NoError(t, err)
	byName := map[string]*Type{}
	for _, ty := range m.Types {
		byName[ty.Name] = ty
	}
	shape := byName["Shape"].Union
	require.NotNil(t, shape)
	assert.Equal(t, "kind", shape.Discriminator)
	assert.False(t, shape.AnyOf)
	require.Len(t, shape.Members, 2)
	assert.Equal(t, []string{"Circle", "circle", "Square", "sq"}, []string{shape.Members[0].Name, shape.Members[0].Value, shape.Members[1].Name, shape.Members[1].Value})
	limit := byName["Limit"].Union
	require.NotNil(t, limit)
	assert.True(t, limit.AnyOf)
	var names []string
	for _, mb := range limit.Members {
		names = append(names, mb.Name)
	}
	assert.Equal(t, []string{"Double", "String", "DateTime", "Circle"}, names)
	assert.False(t, byName["Shape"].IsObject())
}
