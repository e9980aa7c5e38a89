package openapi

import (
	"fmt"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/spec"
)

// TestHostile: each hostile document imports to a catalog that loads, or
// fails with one clear error.
func TestHostile(t *testing.T) {
	deep := "{type: string}"
	for range 200 {
		deep = "{type: object, properties: {x: " + deep + "}}"
	}
	var enum []string
	for i := range 5000 {
		enum = append(enum, fmt.Sprintf("v%d", i))
	}
	docs := map[string]string{
		"ref cycle": `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components: {schemas: {A: {$ref: "#/components/schemas/B"}, B: {$ref: "#/components/schemas/A"}}}`,
		"array cycle": `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {/t: {get: {responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/T"}}}}}}}}
components: {schemas: {T: {type: array, items: {$ref: "#/components/schemas/T"}}}}`,
		"deep nesting": `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {/d: {get: {responses: {"200": {description: ok, content: {application/json: {schema: ` + deep + `}}}}}}}`,
		"huge enum": `openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components: {schemas: {Big: {type: string, enum: [` + strings.Join(enum, ", ") + `]}}}`,
		"colliding names": `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {get: {operationId: list-items, parameters: [{name: q, in: query, schema: {type: string}}], responses: {"204": {description: ok}}}}
  /b: {get: {operationId: list_items, responses: {"204": {description: ok}}}}
  /c: {get: {operationId: Close, responses: {"204": {description: ok}}}}
components: {schemas: {ListItemsParams: {type: object, properties: {a: {type: string}}}, Option: {type: object, properties: {a: {type: string}}}, option: {type: object, properties: {b: {type: string}}}, E: {type: string, enum: [a-b, a_b]}}}`,
		"union of itself": `openapi: 3.1.0
info: {title: t, version: "1"}
paths: {/u: {get: {responses: {"200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/U"}}}}}}}}
components: {schemas: {U: {oneOf: [{$ref: "#/components/schemas/U"}, {type: string}, {type: integer}]}}}`,
		"status written twice": `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "0200": {description: b}
        "200": {description: a, content: {application/json: {schema: {type: string}}}}
        "+201": {description: c, content: {application/json: {schema: {type: integer}}}}`,
		"comment injection": `openapi: 3.0.3
info: {title: "x */ //go:generate", version: "1"}
paths: {}
components: {schemas: {S: {type: object, description: "a */ b\n//go:build ignore\n+build x", properties: {"a": {type: string, description: "*/ panic()"}}}}}`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			r, err := Import([]byte(doc), Options{Doc: "hostile.yaml"})
			if err != nil && strings.Contains(err.Error(), "importer bug") {
				t.Fatalf("an importer bug: %v", err)
			}
			if err != nil {
				if strings.Count(err.Error(), "\n") > 3 {
					t.Fatalf("more than one clear error: %v", err)
				}
				return
			}
			if _, err := spec.Parse("hostile.yaml", r.Catalog); err != nil {
				t.Fatalf("catalog does not load: %v", err)
			}
		})
	}
	for _, bad := range []string{"openapi: [", "{}", "openapi: 9.9.9\ninfo: {title: t, version: '1'}\npaths: {}"} {
		if _, err := Import([]byte(bad), Options{Doc: "bad.yaml"}); err == nil || !strings.HasPrefix(err.Error(), "bad.yaml") {
			t.Errorf("%q: want a positioned error, got %v", bad, err)
		}
	}
}

// TestJSONSyntaxErrors: a JSON document skips the YAML syntax check when
// encoding/json finds it valid; one that is not valid still gets one
// positioned error.
func TestJSONSyntaxErrors(t *testing.T) {
	for name, doc := range map[string]string{
		"trailing comma": "{\"openapi\": \"3.0.3\",\n \"info\": {\"title\": \"t\", \"version\": \"1\"},\n \"paths\": {},}",
		"not an object":  "[1, 2]",
	} {
		_, err := Import([]byte(doc), Options{Doc: "bad.json"})
		if err == nil || !strings.HasPrefix(err.Error(), "bad.json") || strings.Count(err.Error(), "\n") > 1 {
			t.Errorf("%s: want one positioned error, got %v", name, err)
		}
	}
	r, err := Import([]byte(`{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}`), Options{Doc: "ok.json"})
	if err != nil || len(r.Catalog) == 0 {
		t.Fatalf("a valid JSON document: %v", err)
	}
}
