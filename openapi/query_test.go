package openapi

import (
	"slices"
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

// An object query parameter in the default style (form, explode) is a
// query parameter per property (?role=admin&firstName=Alex): scalars,
// enums and lists of them, required where the parameter and the property
// are, with the property's description. A property that cannot be a
// parameter, or whose name another parameter of the operation has (the
// declared parameter wins, then the first object), is left out with a
// warning; the object's own type, inline, is not declared.
func TestFormObjectQueryParameter(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Q, version: "1"}
servers: [{url: "http://localhost"}]
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
  schemas:
    Role: {type: string, enum: [admin, user]}
    Person:
      type: object
      required: [firstName]
      properties:
        firstName: {type: string, description: Given name.}
        role: {$ref: "#/components/schemas/Role"}
security: [{key: []}]
paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - name: filter
          in: query
          required: true
          schema:
            type: object
            required: [role, since]
            properties:
              role: {type: string, enum: [admin, user], description: Only this role.}
              since: {type: string, format: date-time}
              tags: {type: array, items: {type: string}}
              ids: {type: array, items: {type: integer, format: int64}}
              limit: {type: integer}
              address: {type: object, properties: {city: {type: string}}}
              pairs: {type: array, items: {type: object, properties: {a: {type: string}}}}
              note: {type: string, nullable: true}
              api_key: {type: string}
        - {name: limit, in: query, schema: {type: integer}}
        - {name: person, in: query, schema: {$ref: "#/components/schemas/Person"}}
        - {name: who, in: query, style: form, explode: true, required: true, schema: {$ref: "#/components/schemas/Person"}}
      responses:
        "204": {description: none}
`
	r, err := Import([]byte(doc), Options{Doc: "q.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	cat := string(r.Catalog)
	wantIn(t, cat, `    query:
      role: {type: ListUsersFilterRole, required: true, description: Only this role.}
      since: {type: date-time, required: true}
      tags: {type: '[]string'}
      ids: {type: '[]integer'}
      note: {type: string}
      limit: {type: integer}
      firstName: {type: string, description: Given name.}
`, "  ListUsersFilterRole:\n    description: Only this role.\n    enum: [admin, user]\n")
	notIn(t, cat, "filter:", "person:", "who:", "ListUsersFilter:", "ListUsersFilterAddress", "ListUsersFilterPairs", "sent as a string")
	var got []string
	for _, w := range r.Warnings {
		got = append(got, w.Format("q.yaml"))
	}
	for _, want := range []string{
		`q.yaml:21:11: GET /users: query parameter "filter": property "address" is an object; form sends each property as a query parameter of its own, a scalar or a list of scalars: left out (send it with WithCallQuery)`,
		`q.yaml:21:11: GET /users: query parameter "filter": property "pairs" is an array of objects; form sends each property as a query parameter of its own, a scalar or a list of scalars: left out (send it with WithCallQuery)`,
		`q.yaml:21:11: GET /users: query parameter "filter": property "note" is nullable; a query parameter is sent or left out, never null: it is optional`,
		`q.yaml:21:11: GET /users: query parameter "filter": property "api_key" has the name of the query parameter of client.auth, which carries the credential; left out`,
		`q.yaml:21:11: GET /users: query parameter "filter": property "limit" has the name of query parameter "limit", which is declared and sent instead; left out`,
		`q.yaml:38:11: GET /users: query parameter "person": property "role" is also a property of query parameter "filter", which sends it; left out (send it with WithCallQuery)`,
		`q.yaml:39:11: GET /users: query parameter "who": property "firstName" is also a property of query parameter "person", which sends it; left out (send it with WithCallQuery)`,
		`q.yaml:39:11: GET /users: query parameter "who": property "role" is also a property of query parameter "filter", which sends it; left out (send it with WithCallQuery)`,
	} {
		if !slices.Contains(got, want) {
			t.Errorf("no warning\n%s\nin\n%s", want, strings.Join(got, "\n"))
		}
	}
	if len(got) != 8 {
		t.Errorf("%d warnings, want 8:\n%s", len(got), strings.Join(got, "\n"))
	}
	buildAndVet(t, "q.yaml", r.Catalog)
}

// An object query parameter sent form without explode
// (?id=role,admin,firstName,Alex) has no catalog style: it is a string
// that the caller joins, with a warning; an object of free keys
// (additionalProperties) sent form is left out, and the properties of one
// that has both are its parameters, with a warning. Neither leaves its
// inline type behind.
func TestFormObjectQueryParameterFallbacks(t *testing.T) {
	const doc = `openapi: 3.1.0
info: {title: Q, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: id, in: query, explode: false, schema: {type: object, properties: {role: {type: string}, firstName: {type: string}}}}
        - {name: labels, in: query, schema: {type: object, additionalProperties: {type: string}}}
        - {name: opts, in: query, schema: {type: object, properties: {verbose: {type: boolean}}, additionalProperties: true}}
      responses:
        "204": {description: none}
`
	r, err := Import([]byte(doc), Options{Doc: "q.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	cat := string(r.Catalog)
	wantIn(t, cat, "    query:\n      id: {type: string}\n      verbose: {type: boolean}\n")
	notIn(t, cat, "ListAId", "ListALabels", "ListAOpts", "labels:")
	var got []string
	for _, w := range r.Warnings {
		got = append(got, w.Format("q.yaml"))
	}
	want := []string{
		`q.yaml:9:11: GET /a: query parameter "id" is an object sent form without explode (id=key,value,key,value), which the catalog has no style for; sent as a string: join its keys and values with commas`,
		`q.yaml:10:11: GET /a: query parameter "labels" is an object of free keys (additionalProperties) sent form, each key a query parameter of its own, which the catalog cannot declare; left out (send them with WithCallQuery)`,
		`q.yaml:11:11: GET /a: query parameter "opts" allows properties besides its own (additionalProperties), each a query parameter of its own when sent form; the catalog declares its properties only (send others with WithCallQuery)`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("warnings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Swagger 2.0 has no object query parameters: its query parameters map as
// they did, and one that says type: object anyway is a string, as any
// parameter of a type a query parameter cannot be.
func TestSwagger2QueryParametersUnchanged(t *testing.T) {
	const doc = `swagger: "2.0"
info: {title: S, version: "1"}
host: localhost
paths:
  /a:
    get:
      operationId: listA
      parameters:
        - {name: filter, in: query, type: object}
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: ids, in: query, type: array, items: {type: integer}}
        - {name: role, in: query, type: string, enum: [admin, user]}
      responses:
        "204": {description: none}
`
	r, err := Import([]byte(doc), Options{Doc: "s.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	wantIn(t, string(r.Catalog), "    query:\n      filter: {type: string}\n      tags: {type: '[]string'}\n      ids: {type: '[]integer', style: comma}\n      role: {type: ListARole}\n")
	if len(r.Warnings) != 1 || r.Warnings[0].Msg != `GET /a: parameter "filter" of type map[string]any not expressible as a query parameter; sent as a string` {
		t.Errorf("warnings: %v", r.Warnings)
	}
}
