package spec

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cl is a minimal valid client section, on one line.
const cl = "client: {name: T, package: t, base_url: 'http://x'}"

// y joins lines into a catalog; line i of the result is lines[i-1].
func y(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// ops is a minimal valid operations section, starting on its own line.
var ops = []string{
	"operations:",
	"  status: {path: '/ops/{id}'}",
	"  fields: {status: status}",
	"  statuses: {in_progress: [running], succeeded: [done], failed: [failed]}",
}

// withOps appends ops to lines.
func withOps(lines ...string) string { return y(append(lines, ops...)...) }

// opsWith is a catalog whose operations section, on lines 3 to 6, goes on
// with extra from line 7.
func opsWith(extra ...string) string {
	return y(append(append([]string{cl, "endpoints: {}"}, ops...), extra...)...)
}

// parseErrors parses src as t.yaml and returns its error lines.
func parseErrors(t *testing.T, src string) []string {
	t.Helper()
	m, err := Parse("t.yaml", []byte(src))
	require.Error(t, err, "the catalog should not load")
	require.Nil(t, m)
	var list ErrorList
	require.True(t, errors.As(err, &list), "want an ErrorList, got %T", err)
	return strings.Split(err.Error(), "\n")
}

// validationCase is a catalog with exactly one problem.
type validationCase struct {
	name string
	src  string
	want string
}

// validationCases has one case per check of the validator.
func validationCases() []validationCase {
	return []validationCase{
		// YAML and document structure.
		{"yaml syntax", y(cl, "endpoints:", "  a: {method: GET", "  b: 1"),
			"t.yaml:3:1: invalid YAML: did not find expected ',' or '}'"},
		{"empty file", "",
			"t.yaml:1:1: the catalog is empty (want a mapping with the keys client, types, endpoints and operations)"},
		{"second document", y(cl, "endpoints: {}", "---", "x: 1"),
			"t.yaml:4:1: a second YAML document (want one document: remove the --- separator)"},
		{"root is a list", y("- client"),
			"t.yaml:1:1: want a mapping, got a list"},
		{"unknown top-level key", y(cl, "endpoints: {}", "endpoint: {}"),
			`t.yaml:3:1: unknown key "endpoint" (want one of client, types, endpoints, operations) (did you mean endpoints?)`},
		{"missing client", y("endpoints: {}"),
			`t.yaml:1:1: missing required key "client"`},
		{"missing endpoints", y(cl),
			`t.yaml:1:1: missing required key "endpoints"`},
		{"merge key", y(cl, "endpoints:", "  a: {<<: {x: 1}, method: GET, path: /a}"),
			`t.yaml:3:7: endpoint "a": merge keys (<<) are not supported; write the keys out`},

		// Unknown, missing and duplicate keys; wrong kinds.
		{"unknown endpoint key", y(cl, "endpoints:", "  a: {method: GET, path: /a, methd: GET}"),
			`t.yaml:3:30: endpoint "a": unknown key "methd" (want one of description, method, path, path_params, query, body, body_required, response, response_optional, timeout, retry, idempotent, max_retries, operation, pagination) (did you mean method?)`},
		{"unknown client key", y("client: {name: T, package: t, base_url: 'http://x', retries: 3}", "endpoints: {}"),
			`t.yaml:1:53: client: unknown key "retries" (want one of name, package, description, base_url, api_prefix, user_agent, timeout, max_response_bytes, secret_headers, idempotency_header, request_id_header, env, retry, errors, diagnostics, health)`},
		{"missing endpoint path", y(cl, "endpoints:", "  a: {method: GET}"),
			`t.yaml:3:3: endpoint "a": missing required key "path"`},
		{"missing field type", y(cl, "types:", "  T1:", "    fields:", "      x: {required: true}", "endpoints: {}"),
			`t.yaml:5:7: type "T1" field "x": missing required key "type"`},
		{"endpoints is a list", y(cl, "endpoints: [a, b]"),
			"t.yaml:2:12: endpoints: want a mapping, got a list"},
		{"path_params is a list", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{id}', path_params: [id]}"),
			`t.yaml:3:50: endpoint "a": want a mapping, got a list`},
		{"bare field type", y(cl, "types:", "  T1: {fields: {id: string}}", "endpoints: {}"),
			`t.yaml:3:21: type "T1" field "id": want a mapping such as {type: string}, got "string"`},
		{"client is empty", y("client:", "endpoints: {}"),
			"t.yaml:1:8: client: want a mapping, got nothing"},
		{"string where boolean", y(cl, "endpoints:", "  a: {method: GET, path: /a, retry: 'yes'}"),
			`t.yaml:3:37: endpoint "a": retry must be true or false, got "yes"`},
		{"list where string", y(cl, "endpoints:", "  a: {method: [GET], path: /a}"),
			`t.yaml:3:15: endpoint "a": method must be a string, got a list`},
		{"duplicate endpoint", y(cl, "endpoints:", "  a: {method: GET, path: /a}", "  a: {method: GET, path: /b}"),
			`t.yaml:4:3: endpoints: duplicate endpoint "a" (first defined at line 3)`},
		{"duplicate type", y(cl, "types:", "  T1: {enum: [x]}", "  T1: {enum: [y]}", "endpoints: {}"),
			`t.yaml:4:3: types: duplicate type "T1" (first defined at line 3)`},
		{"duplicate key", y(cl, "endpoints:", "  a: {method: GET, path: /a, method: POST}"),
			`t.yaml:3:30: endpoint "a": duplicate key "method" (first defined at line 3)`},

		// Endpoints.
		{"duplicate method and path", y(cl, "endpoints:",
			"  a: {method: GET, path: '/x/{id}', path_params: {id: {type: string}}}",
			"  b: {method: GET, path: '/x/{key}', path_params: {key: {type: string}}}"),
			`t.yaml:4:26: endpoint "b": GET /x/{key} is also endpoint "a" (line 3); declare each method and path once`},
		{"unknown method", y(cl, "endpoints:", "  get_user: {method: FETCH, path: /u}"),
			`t.yaml:3:22: endpoint "get_user": unknown method "FETCH" (want one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)`},
		{"lower-case method", y(cl, "endpoints:", "  a: {method: get, path: /a}"),
			`t.yaml:3:15: endpoint "a": method "get" must be upper case (want GET)`},
		{"path parameter not declared", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{id}'}"),
			`t.yaml:3:26: endpoint "a": path parameter {id} is not declared under path_params`},
		{"path parameter not in path", y(cl, "endpoints:", "  a: {method: GET, path: /a, path_params: {id: {type: string}}}"),
			`t.yaml:3:44: endpoint "a" path parameter "id": declared but not used in path "/a"; remove it or use {id} in the path`},
		{"path without slash", y(cl, "endpoints:", "  a: {method: GET, path: a}"),
			`t.yaml:3:26: endpoint "a": path "a" must start with /`},
		{"path with query", y(cl, "endpoints:", "  a: {method: GET, path: '/a?x=1'}"),
			`t.yaml:3:26: endpoint "a": path "/a?x=1" must not hold a query or fragment (declare query parameters under query)`},
		{"path with a quote", y(cl, "endpoints:", `  a: {method: GET, path: '/a/"b'}`),
			`t.yaml:3:26: endpoint "a": path "/a/\"b" must not hold '"' (want letters, digits and -._~!$&'()*+,;=:@%/; percent-encode anything else)`},
		{"path with unicode", y(cl, "endpoints:", "  a: {method: GET, path: /café}"),
			`t.yaml:3:26: endpoint "a": path "/café" must not hold 'é' (want letters, digits and -._~!$&'()*+,;=:@%/; percent-encode anything else)`},
		{"path with bad percent-encoding", y(cl, "endpoints:", "  a: {method: GET, path: /a%zz}"),
			`t.yaml:3:26: endpoint "a": path "/a%zz" has an invalid percent-encoding "%zz" (want % and two hex digits, such as %20; write %25 for a % sign)`},
		{"path with truncated percent-encoding", y(cl, "endpoints:", "  a: {method: GET, path: /a%2}"),
			`t.yaml:3:26: endpoint "a": path "/a%2" has an invalid percent-encoding "%2" (want % and two hex digits, such as %20; write %25 for a % sign)`},
		{"path with dot-dot segment", y(cl, "endpoints:", "  a: {method: GET, path: /a/../admin}"),
			`t.yaml:3:26: endpoint "a": path "/a/../admin" has a ".." segment, which clients and servers resolve away, so the request would go to another path; write the path without it`},
		{"path with encoded dot-dot segment", y(cl, "endpoints:", "  a: {method: GET, path: '/a/%2e%2E/admin'}"),
			`t.yaml:3:26: endpoint "a": path "/a/%2e%2E/admin" has a "%2e%2E" segment, which clients and servers resolve away, so the request would go to another path; write the path without it`},
		{"path with dot segment", y(cl, "endpoints:", "  a: {method: GET, path: /./a}"),
			`t.yaml:3:26: endpoint "a": path "/./a" has a "." segment, which clients and servers resolve away, so the request would go to another path; write the path without it`},
		{"status path with dot-dot segment", y(cl, "endpoints: {}", "operations:", "  status: {path: '/ops/../{id}'}", "  fields: {status: status}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:4:18: operations.status: path "/ops/../{id}" has a ".." segment, which clients and servers resolve away, so the request would go to another path; write the path without it`},
		{"health path with dot-dot segment", y("client: {name: T, package: t, base_url: 'http://x', health: {path: /../admin}}", "endpoints: {}"),
			`t.yaml:1:68: client.health: path "/../admin" has a ".." segment, which clients and servers resolve away, so the request would go to another path; write the path without it`},
		{"health path with bad percent-encoding", y("client: {name: T, package: t, base_url: 'http://x', health: {path: /h%zz}}", "endpoints: {}"),
			`t.yaml:1:68: client.health: path "/h%zz" has an invalid percent-encoding "%zz" (want % and two hex digits, such as %20; write %25 for a % sign)`},
		{"api_prefix with dot-dot segment", y("client: {name: T, package: t, base_url: 'http://x', api_prefix: /api/..}", "endpoints: {}"),
			`t.yaml:1:65: client: api_prefix "/api/.." has a ".." segment, which clients and servers resolve away, so the request would go to another path; write the path without it`},
		{"path with unclosed brace", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{id'}"),
			`t.yaml:3:26: endpoint "a": path "/a/{id" has a { without a matching }`},
		{"path parameter twice", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{id}/{id}', path_params: {id: {type: string}}}"),
			`t.yaml:3:26: endpoint "a": path "/a/{id}/{id}" uses {id} twice`},
		{"path parameter of list type", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{id}', path_params: {id: {type: '[]string'}}}"),
			`t.yaml:3:62: endpoint "a" path parameter "id": type []string cannot be a path segment (want string, integer, number, boolean, date-time or a string enum)`},
		{"query parameter of object type", y(cl, "types:", "  Obj: {fields: {}}", "endpoints:", "  a: {method: GET, path: /a, query: {q: {type: Obj}}}"),
			`t.yaml:5:48: endpoint "a" query parameter "q": type Obj cannot be a query value (want string, integer, number, boolean, date-time, a string enum, or a list []T of those)`},
		{"body on GET", y(cl, "types:", "  Obj: {fields: {}}", "endpoints:", "  a: {method: GET, path: /a, body: Obj}"),
			`t.yaml:5:30: endpoint "a": a GET request has no body; use query parameters or another method`},
		{"body_required without body", y(cl, "endpoints:", "  a: {method: POST, path: /a, body_required: false}"),
			`t.yaml:3:31: endpoint "a": body_required is set but there is no body`},
		{"idempotent on GET", y(cl, "endpoints:", "  a: {method: GET, path: /a, idempotent: true}"),
			`t.yaml:3:30: endpoint "a": idempotent applies to POST and PATCH only; GET is always idempotent`},
		{"max_retries without retry", y(cl, "endpoints:", "  a: {method: POST, path: /a, retry: false, max_retries: 2}"),
			`t.yaml:3:45: endpoint "a": max_retries has no effect when retry is false; remove one of them`},

		// Type references and expressions.
		{"unknown type with suggestion", y(cl, "types:", "  OperationInfo: {fields: {}}", "endpoints:", "  a: {method: GET, path: /a, response: OperationInf}"),
			`t.yaml:5:40: endpoint "a": response: unknown type "OperationInf" (did you mean OperationInfo?)`},
		{"unknown type without suggestion", y(cl, "endpoints:", "  a: {method: GET, path: /a, response: Zebra}"),
			`t.yaml:3:40: endpoint "a": response: unknown type "Zebra" (declare it under types)`},
		{"unknown type inside a list", y(cl, "types:", "  Info: {fields: {}}", "endpoints:", "  a: {method: GET, path: /a, response: '[]info'}"),
			`t.yaml:5:40: endpoint "a": response: unknown type "info" (did you mean Info?)`},
		{"map with int keys", y(cl, "endpoints:", "  a: {method: GET, path: /a, response: 'map[int]string'}"),
			`t.yaml:3:40: endpoint "a": response: invalid type expression "map[int]string": map keys must be string (want map[string]T)`},
		{"list without element", y(cl, "endpoints:", "  a: {method: GET, path: /a, response: '[]'}"),
			`t.yaml:3:40: endpoint "a": response: invalid type expression "[]": missing element type (want string, integer, number, boolean, date-time, any, []T, map[string]T or a name under types)`},
		{"garbage type expression", y(cl, "endpoints:", "  a: {method: GET, path: /a, response: 'list of int'}"),
			`t.yaml:3:40: endpoint "a": response: invalid type expression "list of int" (want string, integer, number, boolean, date-time, any, []T, map[string]T or a name under types)`},
		{"type expression too deep", y(cl, "endpoints:", "  a: {method: GET, path: /a, response: '"+strings.Repeat("[]map[string]", 16)+"[]string'}"),
			`t.yaml:3:40: endpoint "a": response: type expression nests 33 lists and maps (at most 32); name the inner type: declare an object type under types with a field of the inner expression, and use its name here`},
		{"field type too deep", y(cl, "types:", "  T1: {fields: {x: {type: '"+strings.Repeat("[]", 40)+"Zebra'}}}", "endpoints: {}"),
			`t.yaml:3:27: type "T1" field "x": type: type expression nests 40 lists and maps (at most 32); name the inner type: declare an object type under types with a field of the inner expression, and use its name here`},
		{"type named like a built-in", y(cl, "types:", "  string: {fields: {}}", "endpoints: {}"),
			`t.yaml:3:3: type "string": the name is a built-in type expression; rename the type`},
		{"type with fields and enum", y(cl, "types:", "  T1: {fields: {}, enum: [a]}", "endpoints: {}"),
			`t.yaml:3:20: type "T1": has both fields and enum (want fields for an object or enum for a string enum)`},
		{"type with neither fields nor enum", y(cl, "types:", "  T1: {description: x}", "endpoints: {}"),
			`t.yaml:3:3: type "T1": want fields (an object) or enum (a string enum)`},
		{"empty enum", y(cl, "types:", "  T1: {enum: []}", "endpoints: {}"),
			`t.yaml:3:14: type "T1": enum must not be an empty list`},
		{"enum value a number", y(cl, "types:", "  T1: {enum: [a, 2]}", "endpoints: {}"),
			`t.yaml:3:18: type "T1": enum value the number 2 is not a string (a string enum holds strings; write '2' in quotes if that is the value)`},
		{"enum value a float", y(cl, "types:", "  T1: {enum: [a, 1.5]}", "endpoints: {}"),
			`t.yaml:3:18: type "T1": enum value the number 1.5 is not a string (a string enum holds strings; write '1.5' in quotes if that is the value)`},
		{"enum value a boolean", y(cl, "types:", "  T1: {enum: [a, true]}", "endpoints: {}"),
			`t.yaml:3:18: type "T1": enum value the boolean true is not a string (a string enum holds strings; write 'true' in quotes if that is the value)`},
		{"enum value a YAML 1.1 boolean", y(cl, "types:", "  T1: {enum: [a, on]}", "endpoints: {}"),
			`t.yaml:3:18: type "T1": enum value "on" is a boolean in YAML 1.1 (write 'on' in quotes to mean the string)`},
		{"enum value twice", y(cl, "types:", "  T1: {enum: [a, b, a]}", "endpoints: {}"),
			`t.yaml:3:21: type "T1": enum lists "a" twice (first at line 3)`},
		{"recursive type", y(cl, "types:", "  A: {fields: {b: {type: B, required: true}}}", "  B: {fields: {a: {type: A, required: true}}}", "endpoints: {}"),
			`t.yaml:3:16: type "A" field "b": required fields make A contain itself (A.b → B.a → A); make one of these fields optional`},
		{"self-recursive type", y(cl, "types:", "  A: {fields: {next: {type: A, required: true}}}", "endpoints: {}"),
			`t.yaml:3:16: type "A" field "next": required fields make A contain itself (A.next → A); make one of these fields optional`},

		// Go names.
		{"endpoint name not an identifier", y(cl, "endpoints:", "  1st: {method: GET, path: /a}"),
			`t.yaml:3:3: endpoint "1st": Go name "1st" starts with a digit; rename the endpoint`},
		{"endpoint name without letters", y(cl, "endpoints:", "  '--': {method: GET, path: /a}"),
			`t.yaml:3:3: endpoint "--": Go name "" has no letters or digits; rename the endpoint`},
		{"endpoint names collide", y(cl, "endpoints:", "  get_user: {method: GET, path: /a}", "  getUser: {method: GET, path: /b}"),
			`t.yaml:4:3: endpoint "getUser": Go name "GetUser" is also the Go name of endpoint "get_user" (line 3); rename one of them`},
		{"endpoint takes a client method", y(cl, "endpoints:", "  close: {method: POST, path: /close}"),
			`t.yaml:3:3: endpoint "close": Go name "Close" is a method every generated client has (reserved: Async, BaseURL, Close, Do, HealthCheck, MaxRetries, ResumeOperation, RetryDelay, StartOperation, Sync, Timeout, WaitForOperation); rename the endpoint`},
		{"operation method takes a client method", withOps(cl, "endpoints:", "  start: {method: POST, path: /s, response: any, operation: {id: [id]}}"),
			`t.yaml:3:50: endpoint "start": operation method "StartOperation" is a method every generated client has (reserved: Async, BaseURL, Close, Do, HealthCheck, MaxRetries, ResumeOperation, RetryDelay, StartOperation, Sync, Timeout, WaitForOperation); rename the endpoint`},
		{"operation method collides with an endpoint", withOps(cl, "endpoints:", "  run: {method: POST, path: /r, response: any, operation: {id: [id]}}", "  run_and_wait: {method: GET, path: /w}"),
			`t.yaml:4:3: endpoint "run_and_wait": Go name "RunAndWait" is also the operation method of endpoint "run" (line 3); rename one of them`},
		{"type named like the API interface", y(cl, "types:", "  api: {fields: {}}", "endpoints: {}"),
			`t.yaml:3:3: type "api": Go name "API" is reserved by the generated runtime; rename the type`},
		{"path parameter is a keyword", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{type}', path_params: {type: {type: string}}}"),
			`t.yaml:3:53: endpoint "a" path parameter "type": argument name "type" is a Go keyword; rename the parameter in the path and path_params`},
		{"path parameter is predeclared", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{len}', path_params: {len: {type: string}}}"),
			`t.yaml:3:52: endpoint "a" path parameter "len": argument name "len" is a predeclared Go identifier; rename the parameter in the path and path_params`},
		{"path parameter is reserved", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{ctx}', path_params: {ctx: {type: string}}}"),
			`t.yaml:3:52: endpoint "a" path parameter "ctx": argument name "ctx" is already used by the generated methods (the reserved names are listed under path_params in docs/catalog.md); rename the parameter in the path and path_params`},
		{"path parameters collide", y(cl, "endpoints:", "  a: {method: GET, path: '/a/{a_b}/{aB}', path_params: {a_b: {type: string}, aB: {type: string}}}"),
			`t.yaml:3:78: endpoint "a" path parameter "aB": argument name "aB" is also the argument name of path parameter "a_b" (line 3); rename one in the path and path_params`},
		{"type named like the runtime", y(cl, "types:", "  Client: {fields: {}}", "endpoints: {}"),
			`t.yaml:3:3: type "Client": Go name "Client" is reserved by the generated runtime; rename the type`},
		{"type named like an option", y(cl, "types:", "  with_retry: {fields: {}}", "endpoints: {}"),
			`t.yaml:3:3: type "with_retry": Go name "WithRetry" is reserved by the generated runtime; rename the type`},
		{"type named like a sentinel error", y(cl, "types:", "  ErrBusy: {fields: {}}", "endpoints: {}"),
			`t.yaml:3:3: type "ErrBusy": Go name "ErrBusy" is reserved by the generated runtime; rename the type`},
		{"type names collide", y(cl, "types:", "  op_info: {fields: {}}", "  OpInfo: {fields: {}}", "endpoints: {}"),
			`t.yaml:4:3: type "OpInfo": Go name "OpInfo" is also the Go name of type "op_info" (line 3); rename the type`},
		{"params struct collides with a type", y(cl, "types:", "  ListParams: {fields: {}}", "endpoints:", "  list: {method: GET, path: /l, query: {n: {type: integer}}}"),
			`t.yaml:5:33: query parameters struct of endpoint "list": Go name "ListParams" is also the Go name of type "ListParams" (line 3); rename the endpoint or the other name`},
		{"enum constants collide", y(cl, "types:", "  State: {enum: [in-progress, in_progress]}", "endpoints: {}"),
			`t.yaml:3:31: enum value "in_progress" of type "State": Go name "StateInProgress" is also the Go name of enum value "in-progress" of type "State" (line 3); rename the type or drop one of the values`},
		{"enum constant collides with a type", y(cl, "types:", "  StateOk: {fields: {}}", "  State: {enum: [ok]}", "endpoints: {}"),
			`t.yaml:4:18: enum value "ok" of type "State": Go name "StateOk" is also the Go name of type "StateOk" (line 3); rename the type or drop one of the values`},
		{"enum value without letters", y(cl, "types:", "  State: {enum: [a, '-']}", "endpoints: {}"),
			`t.yaml:3:21: type "State": enum value "-" has no letters or digits to name its Go constant`},
		{"field names collide", y(cl, "types:", "  T1:", "    fields:", "      user_id: {type: string}", "      userId: {type: string}", "endpoints: {}"),
			`t.yaml:6:7: type "T1" field "userId": Go name "UserID" is also the Go name of field "user_id" (line 5); set go_name on one of them`},
		{"field name starts with a digit", y(cl, "types:", "  T1: {fields: {1d: {type: number}}}", "endpoints: {}"),
			`t.yaml:3:17: type "T1" field "1d": Go name "1d" starts with a digit; set go_name to choose one`},
		{"field name breaks the struct tag", y(cl, "types:", "  T1: {fields: {'a\"b': {type: number}}}", "endpoints: {}"),
			`t.yaml:3:17: type "T1" field "a\"b": the JSON name cannot go into a Go struct tag (want letters, digits, space and !#$%&()*+-./:;<=>?@[]^_{|}~)`},
		{"bad go_name", y(cl, "types:", "  T1: {fields: {a: {type: number, go_name: lower}}}", "endpoints: {}"),
			`t.yaml:3:44: type "T1" field "a": go_name "lower" does not start with an upper-case letter (want an exported Go identifier such as UserID)`},
		{"query names collide", y(cl, "endpoints:", "  a: {method: GET, path: /a, query: {page_size: {type: integer}, pageSize: {type: integer}}}"),
			`t.yaml:3:66: endpoint "a" query parameter "pageSize": Go name "PageSize" is also the Go name of query parameter "page_size" (line 3); set go_name on one of them`},

		// Numbers and durations.
		{"bad duration", y("client: {name: T, package: t, base_url: 'http://x', timeout: 30}", "endpoints: {}"),
			`t.yaml:1:62: client: bad timeout "30" (want a Go duration such as 300ms, 5s or 1m30s)`},
		{"negative duration", y(cl, "endpoints:", "  a: {method: GET, path: /a, timeout: -5s}"),
			`t.yaml:3:39: endpoint "a": timeout must not be negative, got -5s`},
		{"zero duration", y(cl, "endpoints:", "  a: {method: GET, path: /a, timeout: 0s}"),
			`t.yaml:3:39: endpoint "a": timeout must be positive, got 0s`},
		{"negative number", y(cl, "endpoints:", "  a: {method: GET, path: /a, max_retries: -1}"),
			`t.yaml:3:43: endpoint "a": max_retries must not be negative, got -1`},
		{"fractional number", y("client: {name: T, package: t, base_url: 'http://x', retry: {max_retries: 1.5}}", "endpoints: {}"),
			`t.yaml:1:74: client.retry: max_retries must be a whole number, got the number 1.5`},
		{"huge number", y("client: {name: T, package: t, base_url: 'http://x', retry: {budget: {capacity: 99999999999}}}", "endpoints: {}"),
			`t.yaml:1:80: client.retry.budget: capacity is too large, got 99999999999 (want at most 2147483647)`},
		{"zero max_response_bytes", y("client: {name: T, package: t, base_url: 'http://x', max_response_bytes: 0}", "endpoints: {}"),
			`t.yaml:1:73: client: max_response_bytes must be positive, got 0 (leave it out for the default of 33554432)`},
		{"max_delay below base_delay", y("client: {name: T, package: t, base_url: 'http://x', retry: {base_delay: 2s, max_delay: 1s}}", "endpoints: {}"),
			`t.yaml:1:88: client.retry: max_delay 1s is shorter than base_delay 2s (want max_delay >= base_delay, or 0s for no cap)`},
		{"invalid status code", y("client: {name: T, package: t, base_url: 'http://x', retry: {statuses: [500, 600]}}", "endpoints: {}"),
			`t.yaml:1:77: client.retry: statuses: invalid HTTP status 600 (want 100 to 599)`},
		{"status code twice", y("client: {name: T, package: t, base_url: 'http://x', retry: {statuses: [503, 503]}}", "endpoints: {}"),
			`t.yaml:1:77: client.retry: statuses lists 503 twice (first at line 1)`},

		// Client settings.
		{"package not lower case", y("client: {name: T, package: Ktrdr, base_url: 'http://x'}", "endpoints: {}"),
			`t.yaml:1:28: client: package "Ktrdr" is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)`},
		{"package is a keyword", y("client: {name: T, package: func, base_url: 'http://x'}", "endpoints: {}"),
			`t.yaml:1:28: client: package "func" is a Go keyword`},
		{"base_url relative", y("client: {name: T, package: t, base_url: /api}", "endpoints: {}"),
			`t.yaml:1:41: client: base_url must be an absolute http or https URL such as http://localhost:8000/api/v1, got "/api"`},
		{"base_url not http", y("client: {name: T, package: t, base_url: 'ftp://x/y'}", "endpoints: {}"),
			`t.yaml:1:41: client: base_url must be an absolute http or https URL such as http://localhost:8000/api/v1, got "ftp://x/y"`},
		{"base_url with query", y("client: {name: T, package: t, base_url: 'http://x/?a=1'}", "endpoints: {}"),
			`t.yaml:1:41: client: base_url must not hold credentials, a query or a fragment, got "http://x/?a=1"`},
		{"user agent with newline", y("client: {name: T, package: t, base_url: 'http://x', user_agent: \"a\\nb\"}", "endpoints: {}"),
			`t.yaml:1:65: client: user_agent must be one line without control characters, got "a\nb"`},
		{"bad secret header", y("client: {name: T, package: t, base_url: 'http://x', secret_headers: ['X Key']}", "endpoints: {}"),
			"t.yaml:1:70: client: secret_headers item \"X Key\" is not a valid HTTP header name (want letters, digits and !#$%&'*+-.^_`|~)"},
		{"bad request id header", y("client: {name: T, package: t, base_url: 'http://x', request_id_header: 'X Request'}", "endpoints: {}"),
			"t.yaml:1:72: client: request_id_header \"X Request\" is not a valid HTTP header name (want letters, digits and !#$%&'*+-.^_`|~)"},
		{"secret header twice", y("client: {name: T, package: t, base_url: 'http://x', secret_headers: [X-Key, x-key]}", "endpoints: {}"),
			`t.yaml:1:77: client: secret_headers lists X-Key twice (first at line 1; header names ignore case)`},
		{"bad env name", y("client: {name: T, package: t, base_url: 'http://x', env: {timeout: [1TIMEOUT]}}", "endpoints: {}"),
			`t.yaml:1:69: client.env: timeout: bad environment variable name "1TIMEOUT" (want letters, digits and _, not starting with a digit)`},
		{"env name for two settings", y("client: {name: T, package: t, base_url: 'http://x', env: {timeout: [T], retry_delay: [T]}}", "endpoints: {}"),
			`t.yaml:1:87: client.env: retry_delay: T is already the variable of timeout (one variable sets one setting)`},
		{"bad error path", y("client: {name: T, package: t, base_url: 'http://x', errors: {code: [error..code]}}", "endpoints: {}"),
			`t.yaml:1:69: client.errors: bad code path "error..code" (want dot-separated JSON keys such as data.operation_id)`},
		{"health path with parameter", y("client: {name: T, package: t, base_url: 'http://x', health: {path: '/h/{x}'}}", "endpoints: {}"),
			`t.yaml:1:68: client.health: path must start with / and hold no {parameters}, got "/h/{x}"`},

		// Diagnostics.
		{"rule matches nothing", y(cl[:len(cl)-1]+", diagnostics: {rules: [{name: r, problem_type: x, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:75: client.diagnostics rule "r": matches nothing (want code_contains or message_contains with at least one substring)`},
		{"rule with empty lists", y(cl[:len(cl)-1]+", diagnostics: {rules: [{name: r, code_contains: [], problem_type: x, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:75: client.diagnostics rule "r": matches nothing (want code_contains or message_contains with at least one substring)`},
		{"rule without problem type", y(cl[:len(cl)-1]+", diagnostics: {rules: [{name: r, code_contains: [X], message: m}]}}", "endpoints: {}"),
			`t.yaml:1:75: client.diagnostics rule "r": needs problem_type (a fixed problem type) or problem_type_from (a path in the error details)`},
		{"rule with both problem types", y(cl[:len(cl)-1]+", diagnostics: {rules: [{name: r, code_contains: [X], problem_type: a, problem_type_from: b, problem_types: [c], message: m}]}}", "endpoints: {}"),
			`t.yaml:1:122: client.diagnostics rule "r": set problem_type or problem_type_from, not both`},
		{"rule with empty substring", y(cl[:len(cl)-1]+", diagnostics: {rules: [{name: r, code_contains: ['', X], problem_type: a, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:101: client.diagnostics rule "r": code_contains item must not be empty`},
		{"message rule without an envelope message", y(cl[:len(cl)-1]+", errors: {message: [detail]}, diagnostics: {rules: [{name: r, message_contains: [x], problem_type: a, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:114: client.diagnostics rule "r": message_contains can never match: no client.errors.message path lies next to a client.errors.code path (such as error.message next to error.code); set client.diagnostics.message_from to where diagnosable errors keep their message`},
		{"message rule with an empty message_from", y(cl[:len(cl)-1]+", diagnostics: {message_from: [], rules: [{name: r, message_contains: [x], problem_type: a, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:103: client.diagnostics rule "r": message_contains can never match: client.diagnostics.message_from is empty; list where diagnosable errors keep their message`},
		{"code rule without codes", y(cl[:len(cl)-1]+", errors: {code: []}, diagnostics: {rules: [{name: r, code_contains: [x], problem_type: a, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:105: client.diagnostics rule "r": code_contains can never match: client.errors.code is empty, so no error has a code; list where the error code is in client.errors.code`},
		{"bad message_from path", y(cl[:len(cl)-1]+", diagnostics: {message_from: [error..message]}}", "endpoints: {}"),
			`t.yaml:1:82: client.diagnostics: bad message_from path "error..message" (want dot-separated JSON keys such as data.operation_id)`},
		{"response_optional without a response", y(cl, "endpoints:", "  a: {method: DELETE, path: /a, response_optional: true}"),
			`t.yaml:3:33: endpoint "a": response_optional is set but there is no response; an endpoint without a response already accepts an empty answer`},
		{"response_optional not a boolean", y(cl, "endpoints:", "  a: {method: GET, path: /a, response: any, response_optional: maybe}"),
			`t.yaml:3:64: endpoint "a": response_optional must be true or false, got "maybe"`},
		{"rule names twice", y(cl[:len(cl)-1]+", diagnostics: {rules: [{name: r, code_contains: [X], problem_type: a, message: m}, {name: r, code_contains: [Y], problem_type: a, message: m}]}}", "endpoints: {}"),
			`t.yaml:1:142: client.diagnostics rule "r": duplicate rule name (first at line 1)`},

		// Operations.
		{"operation without operations section", y(cl, "endpoints:", "  a: {method: POST, path: /a, response: any, operation: {id: [id]}}"),
			`t.yaml:3:46: endpoint "a": operation needs the top-level operations section (how to poll and cancel operations)`},
		{"operation without response", withOps(cl, "endpoints:", "  a: {method: POST, path: /a, operation: {id: [id]}}"),
			`t.yaml:3:31: endpoint "a": an endpoint that starts an operation needs a response (its operation id is read from it)`},
		{"bad on_cancel", withOps(cl, "endpoints:", "  a: {method: POST, path: /a, response: any, operation: {id: [id], on_cancel: stop}}"),
			`t.yaml:3:79: endpoint "a" operation: unknown on_cancel "stop" (want cancel or detach)`},
		{"empty id list", withOps(cl, "endpoints:", "  a: {method: POST, path: /a, response: any, operation: {id: []}}"),
			`t.yaml:3:62: endpoint "a" operation: id must not be an empty list`},
		{"bad id path", withOps(cl, "endpoints:", "  a: {method: POST, path: /a, response: any, operation: {id: [data.]}}"),
			`t.yaml:3:63: endpoint "a" operation: bad id path "data." (want dot-separated JSON keys such as data.operation_id)`},
		{"status path with two parameters", y(cl, "endpoints: {}", "operations:", "  status: {path: '/ops/{a}/{b}'}", "  fields: {status: status}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:4:18: operations.status: path "/ops/{a}/{b}" must have exactly one {parameter}, the operation id, such as /operations/{operation_id}`},
		{"status path without parameter", y(cl, "endpoints: {}", "operations:", "  status: {path: /ops}", "  fields: {status: status}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:4:18: operations.status: path "/ops" must have exactly one {parameter}, the operation id, such as /operations/{operation_id}`},
		{"missing status field", y(cl, "endpoints: {}", "operations:", "  status: {path: '/ops/{id}'}", "  fields: {progress: p}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:5:3: operations.fields: missing required key "status"`},
		{"bad cancel method", opsWith("  cancel: {method: KILL}"),
			`t.yaml:7:20: operations.cancel: unknown method "KILL" (want one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS)`},
		{"cancel body not JSON", opsWith("  cancel: {body: '{reason: x}'}"),
			`t.yaml:7:18: operations.cancel: body is not valid JSON: invalid character 'r' looking for beginning of object key string (want raw JSON such as '{"reason": "cancelled"}')`},
		{"empty status list", y(cl, "endpoints: {}", "operations:", "  status: {path: '/ops/{id}'}", "  fields: {status: status}", "  statuses: {in_progress: [r], succeeded: [], failed: [f]}"),
			`t.yaml:6:43: operations.statuses: succeeded must not be an empty list`},
		{"statuses overlap", y(cl, "endpoints: {}", "operations:", "  status: {path: '/ops/{id}'}", "  fields: {status: status}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f, d]}"),
			`t.yaml:6:60: operations.statuses: status "d" is in both succeeded and failed (a status belongs to one list)`},
		{"missing failed statuses", y(cl, "endpoints: {}", "operations:", "  status: {path: '/ops/{id}'}", "  fields: {status: status}", "  statuses: {in_progress: [r], succeeded: [d]}"),
			`t.yaml:6:3: operations.statuses: missing required key "failed"`},
		{"zero poll interval", opsWith("  poll: {interval: 0s}"),
			`t.yaml:7:20: operations.poll: interval must be positive, got 0s`},
		{"growth below one", opsWith("  poll: {growth: 0.5, max_interval: 1s}"),
			`t.yaml:7:18: operations.poll: growth must be at least 1, got 0.5 (1 keeps the interval fixed)`},
		{"growth without max_interval", opsWith("  poll: {growth: 2}"),
			`t.yaml:7:18: operations.poll: growth 2 has no effect unless max_interval is longer than interval (300ms)`},
		{"max_interval below interval", opsWith("  poll: {interval: 1s, max_interval: 500ms}"),
			`t.yaml:7:38: operations.poll: max_interval 500ms is shorter than interval 1s`},
		{"zero max_unexpected", opsWith("  poll: {max_unexpected: 0}"),
			`t.yaml:7:26: operations.poll: max_unexpected must be at least 1, got 0`},
		{"status field not in the response", y(cl, "types:", "  R: {fields: {data: {type: D}}}", "  D: {fields: {state: {type: string}}}", "endpoints: {}", "operations:",
			"  status: {path: '/ops/{id}', response: R}", "  fields: {status: data.status}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:8:20: operations.fields: status path "data.status": D has no field "status" (did you mean state?)`},
		{"success field of the wrong kind", y(cl, "types:", "  R: {fields: {ok: {type: string}, st: {type: string}}}", "endpoints: {}", "operations:",
			"  status: {path: '/ops/{id}', response: R}", "  fields: {status: st, success: ok}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:7:33: operations.fields: success path "ok" leads to a string, want boolean`},
		{"status field through a scalar", y(cl, "types:", "  R: {fields: {st: {type: string}}}", "endpoints: {}", "operations:",
			"  status: {path: '/ops/{id}', response: R}", "  fields: {status: st.x}", "  statuses: {in_progress: [r], succeeded: [d], failed: [f]}"),
			`t.yaml:7:20: operations.fields: status path "st.x": a string has no fields, so no "x"`},
		{"unknown operations key", opsWith("  polling: {}"),
			`t.yaml:7:3: operations: unknown key "polling" (want one of status, cancel, fields, statuses, poll) (did you mean poll?)`},
	}
}

func TestValidationErrors(t *testing.T) {
	seen := map[string]bool{}
	for _, tt := range validationCases() {
		require.False(t, seen[tt.name], "duplicate case name %q", tt.name)
		seen[tt.name] = true
		t.Run(tt.name, func(t *testing.T) {
			got := parseErrors(t, tt.src)
			assert.Equal(t, []string{tt.want}, got)
		})
	}
}
