package openapi

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/spec"
)

// statusDoc30 answers putThing with a Thing (200, 201), a job (202,
// inline) or nothing (204): a body per status.
const statusDoc30 = `openapi: 3.0.3
info: {title: Things, version: "1"}
servers: [{url: "http://localhost/v1"}]
paths:
  /things/{answer}:
    put:
      operationId: putThing
      parameters: [{name: answer, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: replaced, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "201": {description: created, content: {application/json: {schema: {$ref: "#/components/schemas/Thing"}}}}
        "202": {description: queued, content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
        "204": {description: unchanged}
        "400": {description: bad, content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}}
components:
  schemas:
    Thing: {type: object, properties: {id: {type: string}}}
`

// statusDoc2 is statusDoc30 in Swagger 2.0.
const statusDoc2 = `swagger: "2.0"
info: {title: Things, version: "1"}
host: localhost
basePath: /v1
produces: [application/json]
paths:
  /things/{answer}:
    put:
      operationId: putThing
      parameters: [{name: answer, in: path, required: true, type: string}]
      responses:
        "200": {description: replaced, schema: {$ref: "#/definitions/Thing"}}
        "201": {description: created, schema: {$ref: "#/definitions/Thing"}}
        "202": {description: queued, schema: {type: object, properties: {job: {type: string}}}}
        "204": {description: unchanged}
        "400": {description: bad, schema: {type: object, properties: {message: {type: string}}}}
definitions:
  Thing: {type: object, properties: {id: {type: string}}}
`

// statusBehaviour runs in each generated package: every status gets its
// own field of PutThingResponse, on both clients.
const statusBehaviour = `package PKG

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"testing"
)

func TestStatusResponses(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(path.Base(r.URL.Path))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		switch code {
		case 200, 201, 203:
			fmt.Fprintf(w, ` + "`" + `{"id":"t%d"}` + "`" + `, code)
		case 202:
			fmt.Fprint(w, ` + "`" + `{"job":"j1"}` + "`" + `)
		case 400:
			fmt.Fprint(w, ` + "`" + `{"message":"no"}` + "`" + `)
		}
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	js := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, async := range []bool{false, true} {
		call := func(answer string) (*PutThingResponse, error) {
			if async {
				return c.Async().PutThing(ctx, answer).Wait(ctx)
			}
			return c.PutThing(ctx, answer)
		}
		for _, tc := range []struct{ answer, want string }{
			{"200", ` + "`" + `200 {"id":"t200"} null null` + "`" + `},
			{"201", ` + "`" + `201 null {"id":"t201"} null` + "`" + `},
			{"202", ` + "`" + `202 null null {"job":"j1"}` + "`" + `},
			{"203", ` + "`" + `203 null null null` + "`" + `}, // not in the document: Status only
			{"204", ` + "`" + `204 null null null` + "`" + `},
		} {
			r, err := call(tc.answer)
			if err != nil {
				t.Fatalf("async %v, %s: %v", async, tc.answer, err)
			}
			if got := fmt.Sprintf("%d %s %s %s", r.Status, js(r.OK), js(r.Created), js(r.Accepted)); got != tc.want {
				t.Errorf("async %v, %s: got %s, want %s", async, tc.answer, got, tc.want)
			}
		}
		var apiErr *APIError
		if _, err := call("400"); !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
			t.Errorf("async %v, 400: got %v, want an APIError", async, err)
		}
	}
}
`

// TestStatusResponsesClient imports an operation whose 2xx answers differ
// in body, from OpenAPI 3.0, 3.1 and Swagger 2.0: each catalog declares
// responses, and its generated client, run against an httptest server,
// returns each status's body in that status's field.
func TestStatusResponsesClient(t *testing.T) {
	docs := map[string]string{
		"v30": statusDoc30,
		"v31": strings.Replace(statusDoc30, "openapi: 3.0.3", "openapi: 3.1.0", 1),
		"v2":  statusDoc2,
	}
	dir := newModule(t)
	for pkg, doc := range docs {
		r, err := Import([]byte(doc), Options{Doc: pkg + ".yaml", Package: pkg})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range r.Warnings {
			t.Errorf("%s: %s", pkg, w.Format(pkg+".yaml"))
		}
		m, err := spec.Parse(pkg+".catalog.yaml", r.Catalog)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, sr := range m.Endpoints[0].Responses {
			typ := "null"
			switch {
			case sr.Type != nil && sr.Type.Ref != nil:
				typ = sr.Type.Ref.Name
			case sr.Type != nil:
				typ = "(not a named type)"
			}
			got = append(got, typ)
		}
		if strings.Join(got, " ") != "Thing Thing PutThingResponse202 null" {
			t.Fatalf("%s: responses %q, want Thing Thing PutThingResponse202 null:\n%s", pkg, got, r.Catalog)
		}
		renderInto(t, filepath.Join(dir, pkg), pkg+".catalog.yaml", r.Catalog)
		writeFile(t, filepath.Join(dir, pkg, "status_test.go"), []byte(strings.Replace(statusBehaviour, "package PKG", "package "+pkg, 1)))
	}
	if testing.Short() {
		t.Skip("builds the generated packages")
	}
	goIn(t, dir, "vet", "./...")
	out := goIn(t, dir, "test", "-count=1", "-v", "./...")
	if n := strings.Count(out, "--- PASS: TestStatusResponses"); n != len(docs) {
		t.Fatalf("%d of %d packages passed TestStatusResponses:\n%s", n, len(docs), out)
	}
}

// docHead begins the OpenAPI documents of the tests below, whose paths
// follow.
const docHead = `openapi: 3.0.3
info: {title: R, version: "1"}
servers: [{url: "http://x"}]
paths:
`

// endpointsOf imports doc, and returns its catalog's endpoints section and
// its warnings, one a line.
func endpointsOf(t *testing.T, doc string) (string, string) {
	t.Helper()
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var ws []string
	for _, w := range r.Warnings {
		ws = append(ws, w.Format("d.yaml"))
	}
	_, eps, _ := strings.Cut(string(r.Catalog), "\nendpoints:\n")
	return eps, strings.Join(ws, "\n")
}

// A 204 answer and the answer to HEAD carry no body, whatever the
// document declares for them: a type there would make every such answer
// an error (an empty body where the catalog wants one), so the content is
// dropped with a warning.
func TestResponsesWithoutContent(t *testing.T) {
	const doc = docHead + `  /one:
    get:
      operationId: one
      responses:
        "200": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        "204": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
  /two:
    get:
      operationId: two
      responses:
        "200": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        "202": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/B"}}}}
        "204": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/B"}}}}
    head:
      operationId: headTwo
      responses:
        "200": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
  /three:
    delete:
      operationId: three
      responses:
        "204": {description: x, content: {text/plain: {schema: {type: string}}}}
components:
  schemas:
    A: {type: object, properties: {a: {type: string}}}
    B: {type: object, properties: {b: {type: integer}}}
`
	eps, warnings := endpointsOf(t, doc)
	want := `  # import: from the document
  # import: GET /one: response 204 declares a body, but a 204 answer has none; imported without one
  one:
    method: GET
    path: /one
    response: A
    response_optional: true
  # import: from the document
  # import: GET /two: response 204 declares a body, but a 204 answer has none; imported without one
  two:
    method: GET
    path: /two
    responses:
      200: A
      202: B
      204: null
  # import: from the document
  # import: HEAD /two: response 200 declares a body, but the answer to HEAD has none; imported without one
  head_two:
    method: HEAD
    path: /two
  # import: from the document
  # import: DELETE /three: response 204 declares a body, but a 204 answer has none; imported without one
  three:
    method: DELETE
    path: /three
`
	if eps != want {
		t.Errorf("endpoints\n%s\nwant\n%s", eps, want)
	}
	if n := strings.Count(warnings, "declares a body, but"); n != 4 {
		t.Errorf("%d warnings about a body, want 4:\n%s", n, warnings)
	}
}

// A response key that is neither a status code, a range such as 2XX, nor
// default is left out with a warning, not silently; so is a second 2XX
// range (2xx), which the catalog would otherwise count as an answer
// without a body (response_optional).
func TestResponseKeysThatAreNoStatus(t *testing.T) {
	const doc = docHead + `  /a:
    get:
      operationId: a
      responses:
        "200 ": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        "ok": {description: x}
        "2XX": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        "2xx": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        1XX: {description: x}
        3XX: {description: x}
        299: {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        default: {description: x}
components:
  schemas:
    A: {type: object, properties: {a: {type: string}}}
`
	eps, warnings := endpointsOf(t, doc)
	if want := "  # import: from the document\n" +
		"  # import: GET /a: response key \"200 \" is not a status code, a range such as 2XX, or default; left out\n" +
		"  # import: GET /a: response key \"ok\" is not a status code, a range such as 2XX, or default; left out\n" +
		"  # import: GET /a: response 2xx is the 2XX range again; left out\n" +
		"  a:\n    method: GET\n    path: /a\n    response: A\n"; eps != want {
		t.Errorf("endpoints\n%s\nwant\n%s\nwarnings:\n%s", eps, want, warnings)
	}
}

// A 2XX range whose schema maps to the type of the statuses' bodies, by
// another schema than theirs, is one type for all: response: T. An inline
// one of another type is not read, and declares no type.
func TestRangeOfTheSameTypeByAnotherSchema(t *testing.T) {
	const doc = docHead + `  /a:
    get:
      operationId: a
      responses:
        "200": {description: x, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/A"}}}}}
        "2XX": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/AList"}}}}
  /b:
    get:
      operationId: b
      responses:
        "200": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        "201": {description: x, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
        "2XX": {description: x, content: {application/json: {schema: {type: object, properties: {c: {type: string}}}}}}
components:
  schemas:
    A: {type: object, properties: {a: {type: string}}}
    AList: {type: array, items: {$ref: "#/components/schemas/A"}}
`
	eps, warnings := endpointsOf(t, doc)
	want := `  # import: from the document
  a:
    method: GET
    path: /a
    response: '[]A'
  # import: from the document
  # import: GET /b: response 2XX has a body of its own; the method has a type per listed status, and a 2xx status not listed sets Status only (its body is not read)
  b:
    method: GET
    path: /b
    responses:
      200: A
      201: A
`
	if eps != want {
		t.Errorf("endpoints\n%s\nwant\n%s\nwarnings:\n%s", eps, want, warnings)
	}
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if types, _, _ := strings.Cut(string(r.Catalog), "\nendpoints:\n"); strings.Contains(types, "Response2XX:") {
		t.Errorf("the range's unread body declared a type:\n%s", types)
	}
}
