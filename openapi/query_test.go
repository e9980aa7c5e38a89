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

// A query parameter named as a key that a deepObject parameter sends
// (filter[status] next to filter, whose status it overwrites or is
// overwritten by) is left out with a warning, whichever comes first, and
// a deep object left out so takes its types with it; one named as no key
// of it stays.
func TestQueryParameterThatADeepObjectSends(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Q, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: "filter[status]", in: query, schema: {type: string}}
        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {status: {type: string}}}}
        - {name: "filter[name]", in: query, schema: {type: string}}
        - {name: labels, in: query, style: deepObject, schema: {type: object, additionalProperties: {type: string}}}
        - {name: "labels[x]", in: query, schema: {type: string}}
      responses:
        "204": {description: none}
  /b:
    get:
      operationId: listB
      parameters:
        - {name: filter, in: query, style: deepObject, schema: {type: object, properties: {status: {type: string}}}}
        - {name: "filter[status]", in: query, schema: {type: string}}
      responses:
        "204": {description: none}
`
	r, err := Import([]byte(doc), Options{Doc: "q.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	cat := string(r.Catalog)
	for _, want := range []string{
		`  # import: GET /a: query parameter "filter" (deepObject) sends the key of query parameter "filter[status]"; left out (send it with WithCallQuery)` + "\n",
		`  # import: GET /a: query parameter "labels[x]" is a key that deepObject parameter "labels" sends; left out (send it with WithCallQuery)` + "\n",
		"    query:\n      filter[status]: {type: string}\n      filter[name]: {type: string}\n      labels: {type: 'map[string]string', style: deep_object}\n",
		`  # import: GET /b: query parameter "filter[status]" is a key that deepObject parameter "filter" sends; left out (send it with WithCallQuery)` + "\n",
		"    query:\n      filter: {type: ListBFilter, style: deep_object}\n",
	} {
		if !strings.Contains(cat, want) {
			t.Errorf("the catalog lacks %q:\n%s", want, cat)
		}
	}
	if strings.Contains(cat, "ListAFilter") {
		t.Errorf("the type of the deep object left out stays:\n%s", cat)
	}
}
