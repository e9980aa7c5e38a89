package openapi

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Shapes of public API documents (OpenAI, Plaid, Box, Twilio,
// DigitalOcean, Jupyter Server) that the importer once got wrong, each
// reduced to a few lines.

// A member of a discriminated union that refines a field of its allOf
// base (OpenAI's ComputerToolCallOutputResource: allOf its base, which
// has the discriminator "type", and a part that redeclares "id") is
// written out as fields; the discriminator must still leave it, or the
// catalog does not load.
func TestDiscriminatorOfARefiningMember(t *testing.T) {
	const doc = docHead + `  /items:
    get:
      operationId: listItems
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Item"}}}}
components:
  schemas:
    Item:
      oneOf: [{$ref: "#/components/schemas/Output"}, {$ref: "#/components/schemas/Message"}]
      discriminator: {propertyName: type}
    Base:
      type: object
      required: [type]
      properties:
        type: {type: string}
        id: {type: string}
    Output:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [id]
          properties:
            id: {type: string, description: The output's ID.}
    Message:
      type: object
      properties:
        type: {type: string}
        text: {type: string}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(r.Catalog)
	_, output, _ := strings.Cut(out, "\n  Output:\n")
	output, _, _ = strings.Cut(output, "\n  # import: from the document\n")
	if strings.Contains(output, "\n      type:") {
		t.Errorf("Output keeps the discriminator:\n%s", output)
	}
	var ws []string
	for _, w := range r.Warnings {
		ws = append(ws, w.Format("d.yaml"))
		if w.Line == 0 {
			t.Errorf("warning without a position: %s", w.Format("d.yaml"))
		}
	}
	if !strings.Contains(strings.Join(ws, "\n"), `type Output: property "type"`) {
		t.Errorf("no warning that Output loses its property type:\n%s", strings.Join(ws, "\n"))
	}
}

// Every warning is positioned, Swagger 2.0's too, whose objects carry no
// node of their own (Jupyter Server's document: a pointer to the
// operation for each response with headers), and the types written out
// after mapping (allOf refinements, recursion). A pointer remains only
// for what the document lacks (a Swagger 2.0 host).
func TestWarningsArePositioned(t *testing.T) {
	docs, _ := filepath.Glob("testdata/fixtures/*")
	for _, doc := range docs {
		for _, w := range importFile(t, doc).Warnings {
			if w.Line == 0 {
				t.Errorf("warning without a position: %s", w.Format(doc))
			}
		}
	}
	const doc = `swagger: "2.0"
info: {title: J, version: "1"}
host: x
paths:
  /a/{id}:
    parameters:
      - $ref: "#/parameters/Tags"
    post:
      parameters:
        - name: id
          in: path
          required: true
          type: string
        - name: X-Ids
          in: header
          type: array
          items: {type: string}
      responses:
        "201":
          description: created
          headers:
            Location: {type: string}
parameters:
  Tags:
    name: tags
    in: query
    type: array
    collectionFormat: tsv
    items: {type: string}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, w := range r.Warnings {
		got = append(got, w.Format("d.yaml"))
	}
	for _, want := range []string{
		`d.yaml:14:11: POST /a/{id}: parameter "X-Ids"`,
		`d.yaml:25:5: POST /a/{id}: query parameter "tags"`,
		`d.yaml:20:11: POST /a/{id}: response 201 headers (Location) not expressible`,
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("no warning %s…:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// A discriminator mapping that gives one member several values
// (DigitalOcean's droplet actions: reboot, shutdown, power_on … all
// droplet_action) has no catalog form, which is one value per member:
// keeping it with one of the values made the others impossible to send.
// The union has no discriminator, and the member keeps the property, for
// the caller to set.
func TestDiscriminatorWithSeveralValuesForAMember(t *testing.T) {
	const doc = docHead + `  /actions:
    post:
      operationId: postAction
      requestBody:
        content:
          application/json:
            schema:
              anyOf: [{$ref: "#/components/schemas/Simple"}, {$ref: "#/components/schemas/Resize"}]
              discriminator:
                propertyName: type
                mapping: {reboot: "#/components/schemas/Simple", shutdown: "#/components/schemas/Simple", resize: "#/components/schemas/Resize"}
      responses:
        "204": {description: done}
components:
  schemas:
    Simple:
      type: object
      required: [type]
      properties: {type: {type: string, enum: [reboot, shutdown]}}
    Resize:
      type: object
      required: [type]
      properties: {type: {type: string}, size: {type: string}}
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(r.Catalog)
	if strings.Contains(out, "discriminator:") {
		t.Errorf("the union keeps a discriminator that cannot send shutdown:\n%s", out)
	}
	_, simple, _ := strings.Cut(out, "\n  Simple:\n")
	simple, _, _ = strings.Cut(simple, "\n  # import: from the document\n")
	if !strings.Contains(simple, "\n      type:") {
		t.Errorf("Simple lost its property type:\n%s", simple)
	}
	var ws []string
	for _, w := range r.Warnings {
		ws = append(ws, w.Format("d.yaml"))
	}
	if !strings.Contains(strings.Join(ws, "\n"), `d.yaml:12:15: type PostActionRequest: discriminator "type" maps reboot, shutdown to Simple`) {
		t.Errorf("no warning about Simple's values:\n%s", strings.Join(ws, "\n"))
	}
}

// A warning about a part of the document in another file (DigitalOcean's
// document is a few lines of $refs to 2,900 files) names that file: its
// line and column in the document's name sent the reader to the wrong
// place.
func TestWarningsInOtherFiles(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), []byte(`openapi: 3.0.3
info: {title: F, version: "1"}
servers: [{url: "http://x"}]
paths:
  /things:
    $ref: "resources/things.yml"
  /local:
    get:
      parameters: [{name: c, in: cookie, schema: {type: string}}]
      responses: {"204": {description: ok}}
`))
	writeFile(t, filepath.Join(dir, "resources", "things.yml"), []byte(`get:
  operationId: listThings
  parameters:
    - name: theme
      in: cookie
      schema: {type: string}
  responses:
    "200":
      description: ok
      content:
        application/json:
          schema: {$ref: "models/thing.yml"}
`))
	writeFile(t, filepath.Join(dir, "resources", "models", "thing.yml"), []byte(`type: object
properties:
  id: {type: string}
  size: {type: string, default: 7}
`))
	doc := filepath.Join(dir, "api.yaml")
	r := importFile(t, doc)
	var got []string
	for _, w := range r.Warnings {
		got = append(got, w.Format(doc))
	}
	for _, want := range []string{
		filepath.Join(dir, "resources", "things.yml") + `:4:7: GET /things: cookie parameter "theme"`,
		filepath.Join(dir, "resources", "models", "thing.yml") + `:4:9: type thing field "size": default 7`,
		doc + `:9:20: GET /local: cookie parameter "c"`,
	} {
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("no warning %s…:\n%s", want, strings.Join(got, "\n"))
		}
	}
}

// A long warning (Twilio's long paths with five CORS response headers)
// is shortened in its middle: its end says what was done instead.
func TestLongWarningsKeepTheirEnd(t *testing.T) {
	long := "/2010-04-01/Accounts/{AccountSid}/SIP/IpAccessControlLists/{IpAccessControlListSid}/IpAddresses/{Sid}.json"
	doc := docHead + `  ` + long + `:
    get:
      parameters:
        - {name: AccountSid, in: path, required: true, schema: {type: string}}
        - {name: IpAccessControlListSid, in: path, required: true, schema: {type: string}}
        - {name: Sid, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: ok
          headers:
            Access-Control-Allow-Origin: {schema: {type: string}}
            Access-Control-Allow-Methods: {schema: {type: string}}
            Access-Control-Allow-Headers: {schema: {type: string}}
            Access-Control-Allow-Credentials: {schema: {type: string}}
            Access-Control-Expose-Headers: {schema: {type: string}}
          content: {application/json: {schema: {type: object, properties: {sid: {type: string}}}}}
`
	_, ws := endpointsOf(t, doc)
	if !strings.Contains(ws, "GET /2010-04-01/Accounts/") || !strings.HasSuffix(ws, "not expressible; left out") {
		t.Errorf("the warning lost its start or its end:\n%s", ws)
	}
	for _, w := range strings.Split(ws, "\n") {
		if len(w) > 400 {
			t.Errorf("a warning of %d bytes:\n%s", len(w), w)
		}
	}
}

// additionalProperties: true (or {}) next to properties says what JSON
// Schema assumes without it: extra properties are allowed, and a client
// that drops them when decoding loses nothing the type promised. Plaid
// writes it on 1,100 objects; a warning each buried the others. A
// schema for the extra properties is still warned about.
func TestAdditionalPropertiesTrue(t *testing.T) {
	const doc = docHead + `  /a:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
  /b:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/B"}}}}
  /c:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/C"}}}}
components:
  schemas:
    A: {type: object, additionalProperties: true, properties: {id: {type: string}}}
    B: {type: object, additionalProperties: {}, properties: {id: {type: string}}}
    C: {type: object, additionalProperties: {type: integer}, properties: {id: {type: string}}}
`
	_, ws := endpointsOf(t, doc)
	if strings.Contains(ws, "type A:") || strings.Contains(ws, "type B:") {
		t.Errorf("a warning for what JSON Schema assumes anyway:\n%s", ws)
	}
	if !strings.Contains(ws, "type C: additionalProperties next to properties") {
		t.Errorf("no warning for C's typed extra properties:\n%s", ws)
	}
}

// A path with a query string (OpenAI's /responses?beta=true next to
// /responses), which OpenAPI does not allow, was percent-encoded into the
// path (/responses%3Fbeta=true): every call went to a path the server
// does not have. The operation is left out, with a warning. A fragment
// (Box's /files/{file_id}#get_shared_link), which HTTP does not send, is
// cut off the path; a route that is then declared twice keeps its first
// operation.
func TestPathWithAQueryStringOrFragment(t *testing.T) {
	const doc = docHead + `  /responses:
    post:
      operationId: createResponse
      responses: {"204": {description: ok}}
  /responses?beta=true:
    post:
      operationId: betaCreateResponse
      responses: {"204": {description: ok}}
  /things#top:
    get:
      operationId: getThings
      responses: {"204": {description: ok}}
  /responses#refresh:
    post:
      operationId: refreshResponse
      responses: {"204": {description: ok}}
`
	eps, ws := endpointsOf(t, doc)
	if strings.Contains(eps, "beta") || strings.Contains(eps, "refresh") || strings.Contains(eps, "%3F") || strings.Contains(eps, "%23") {
		t.Errorf("an endpoint with the query string or fragment in its path:\n%s", eps)
	}
	if !strings.Contains(eps, "get_things:\n    method: GET\n    path: /things\n") {
		t.Errorf("GET /things#top is not GET /things:\n%s", eps)
	}
	for _, want := range []string{
		`d.yaml:11:7: POST /responses?beta=true: the path has a query string (?beta=true), which OpenAPI does not allow in a path and the catalog cannot send with every call (call it with Do); operation left out`,
		`d.yaml:15:7: GET /things#top: the path has a fragment (#top), which OpenAPI does not allow in a path and HTTP does not send; the endpoint's path is /things`,
		`d.yaml:19:7: POST /responses#refresh: the same method and path as an earlier operation (parameter names aside); left out`,
	} {
		if !strings.Contains(ws, want) {
			t.Errorf("no warning %s:\n%s", want, ws)
		}
	}
}

// Servers of a path or an operation that say what the document's first
// server says (Twilio repeats https://api.twilio.com on each of its 100
// paths) lose nothing: no warning. Another server (Box's uploads go to
// upload.box.com) is still warned about.
func TestServersLikeTheDocuments(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: R, version: "1"}
servers: [{url: "https://api.example.com/{v}", variables: {v: {default: v1}}}]
paths:
  /a:
    servers: [{url: "https://api.example.com/v1/"}]
    get:
      servers: [{url: "https://api.example.com/v1"}]
      responses: {"204": {description: ok}}
  /b:
    servers: [{url: "https://upload.example.com/v1"}]
    get:
      responses: {"204": {description: ok}}
    post:
      servers: [{url: "https://upload.example.com/v1"}]
      responses: {"204": {description: ok}}
`
	_, ws := endpointsOf(t, doc)
	if strings.Contains(ws, "/a") {
		t.Errorf("a warning for the document's own server:\n%s", ws)
	}
	for _, want := range []string{"d.yaml:11:5: path /b has servers of its own", "d.yaml:15:7: POST /b: servers of the operation not imported"} {
		if !strings.Contains(ws, want) {
			t.Errorf("no warning %s…:\n%s", want, ws)
		}
	}
}

// A component that is nullable through anyOf [X, null] (OpenAI's
// ReasoningEffort, used by nine schemas) maps to the one type of its
// inline enum, however often it is referred to: each reference declared
// the enum again, as ReasoningEffort2 … ReasoningEffort9.
func TestNullableComponentIsOneType(t *testing.T) {
	const doc = docHead + `  /a:
    get:
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/A"}}}}
components:
  schemas:
    A:
      type: object
      properties:
        effort: {$ref: "#/components/schemas/ReasoningEffort"}
        b: {$ref: "#/components/schemas/B"}
        other: {$ref: "#/components/schemas/ReasoningEffort"}
    B:
      type: object
      properties:
        effort: {$ref: "#/components/schemas/ReasoningEffort"}
        tier: {$ref: "#/components/schemas/Tier"}
        tier2: {$ref: "#/components/schemas/Tier"}
    ReasoningEffort:
      anyOf:
        - {type: string, enum: [low, medium, high]}
        - {type: "null"}
    Tier:
      allOf: [{type: object, properties: {name: {type: string}}}]
      nullable: true
`
	r, err := Import([]byte(doc), Options{Doc: "d.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	out := string(r.Catalog)
	if strings.Count(out, "enum: [low, medium, high]") != 1 || strings.Contains(out, "ReasoningEffort2") || strings.Contains(out, "Tier2:") {
		t.Errorf("a component declared more than once:\n%s", out)
	}
	if strings.Count(out, "{type: ReasoningEffort, nullable: true}") != 3 {
		t.Errorf("want the three fields of type ReasoningEffort, nullable:\n%s", out)
	}
}

// A schema in another file that $refs reach by different relative paths
// (DigitalOcean's database_user.yml, as models/database_user.yml from one
// file and ./database_user.yml from another) is one type: each spelling
// declared it again (database_user2, database_user3).
func TestOneFileSchemaByTwoRelativePaths(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "api.yaml"), []byte(`openapi: 3.0.3
info: {title: F, version: "1"}
servers: [{url: "http://x"}]
paths:
  /users:
    get:
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "resources/models/user.yml"}}}
  /teams:
    $ref: "resources/teams.yml"
`))
	writeFile(t, filepath.Join(dir, "resources", "teams.yml"), []byte(`get:
  responses:
    "200":
      description: ok
      content: {application/json: {schema: {$ref: "models/team.yml"}}}
`))
	writeFile(t, filepath.Join(dir, "resources", "models", "team.yml"), []byte(`type: object
properties:
  lead: {$ref: "./user.yml"}
  members: {type: array, items: {$ref: "../models/user.yml"}}
`))
	writeFile(t, filepath.Join(dir, "resources", "models", "user.yml"), []byte(`type: object
properties:
  name: {type: string}
`))
	r := importFile(t, filepath.Join(dir, "api.yaml"))
	out := string(r.Catalog)
	if strings.Contains(out, "user2") || !strings.Contains(out, "lead: {type: user}") || !strings.Contains(out, "members: {type: '[]user'}") {
		t.Errorf("user.yml is more than one type:\n%s", out)
	}
}
