package openapi

import (
	"strings"
	"testing"
)

// A deepObject parameter that the catalog cannot send is left out without
// the types its schema declared: an inline object leaves no type behind,
// and a $ref it reached first is declared where it is used after, once.
func TestDeepObjectLeftOutLeavesNoType(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Tags, version: "1"}
servers: [{url: "http://localhost/v1"}]
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: tagged, in: query, style: deepObject, schema: {$ref: "#/components/schemas/Tagged"}}
        - {name: inline, in: query, style: deepObject, schema: {type: object, properties: {deep: {type: object, properties: {x: {type: string}}}}}}
        - {name: ok, in: query, style: deepObject, schema: {type: object, properties: {x: {type: string}}}}
      responses:
        "204": {description: none}
  /b:
    get:
      operationId: getB
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Tagged"}}}}
components:
  schemas:
    Tagged: {type: object, properties: {tags: {type: array, items: {type: string}}}}
`
	r, err := Import([]byte(doc), Options{Doc: "t.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	cat := string(r.Catalog)
	if n := strings.Count(cat, "\n  Tagged:\n"); n != 1 {
		t.Errorf("type Tagged declared %d times, want once:\n%s", n, cat)
	}
	for _, gone := range []string{"ListAInline", "ListAInlineDeep", "tagged:", "inline:"} {
		if strings.Contains(cat, gone) {
			t.Errorf("the catalog holds %s of a parameter left out:\n%s", gone, cat)
		}
	}
	if !strings.Contains(cat, "ok: {type: ListAOk, style: deep_object}") {
		t.Errorf("the deepObject parameter ok is not imported:\n%s", cat)
	}
	var left []string
	for _, w := range r.Warnings {
		if strings.Contains(w.Msg, "(deepObject)") {
			left = append(left, w.Msg)
		}
	}
	want := []string{
		`GET /a: query parameter "tagged" (deepObject) has the property "tags", which is an array; the catalog sends scalars and enums only in a deep object (nested objects and arrays have no defined form); left out (send it with WithCallQuery)`,
		`GET /a: query parameter "inline" (deepObject) has the property "deep", which is an object; the catalog sends scalars and enums only in a deep object (nested objects and arrays have no defined form); left out (send it with WithCallQuery)`,
	}
	if strings.Join(left, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(left, "\n"), strings.Join(want, "\n"))
	}
}
