package openapi

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/clientgen/clientgen/spec"
)

const petsV1 = `openapi: 3.0.3
info: {title: Pets, version: "1"}
servers: [{url: "https://pets.example.com/v1"}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}}
    post:
      operationId: createPet
      requestBody: {required: true, content: {application/json: {schema: {$ref: "#/components/schemas/NewPet"}}}}
      responses:
        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
  /old:
    get:
      operationId: oldThing
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Gone"}}}}
components:
  schemas:
    Pet: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}
    NewPet: {type: object, properties: {name: {type: string}}}
    Gone: {type: object, properties: {x: {type: string}}}
    Old: {type: object, properties: {y: {type: string}}}
`

// petsV2 moves the server, drops /old with Gone and Old, gives Pet a tag
// and getPet a query parameter, and adds /pets/{id}/photo.
var petsV2 = strings.NewReplacer(
	"https://pets.example.com/v1", "https://pets.example.com/v2",
	`      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:`, `      parameters: [{name: id, in: path, required: true, schema: {type: string}}, {name: full, in: query, schema: {type: boolean}}]
      responses:`,
	`  /old:
    get:
      operationId: oldThing
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Gone"}}}}
`, `  /pets/{id}/photo:
    get:
      operationId: getPhoto
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Photo"}}}}
`,
	"name: {type: string}}}\n    NewPet", "name: {type: string}, tag: {type: string}}}\n    NewPet",
	`    Gone: {type: object, properties: {x: {type: string}}}
    Old: {type: object, properties: {y: {type: string}}}
`, `    Photo: {type: object, properties: {url: {type: string}}}
`,
).Replace(petsV1)

func importText(t *testing.T, doc string) []byte {
	t.Helper()
	r, err := Import([]byte(doc), Options{Doc: "pets.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	imported[string(r.Catalog)] = r
	return r.Catalog
}

// edit applies hand edits to a catalog's text; each old text must occur once.
func edit(t *testing.T, s string, oldNew ...string) string {
	t.Helper()
	for i := 0; i < len(oldNew); i += 2 {
		if n := strings.Count(s, oldNew[i]); n != 1 {
			t.Fatalf("edit: %q occurs %d times in\n%s", oldNew[i], n, s)
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

func merge(t *testing.T, old, fresh []byte) ([]byte, *Summary) {
	t.Helper()
	out, sum, err := mergeBoth(t, "pets.catalog.yaml", old, fresh)
	if err != nil {
		t.Fatal(err)
	}
	return out, sum
}

// TestReimportSameDocumentIsByteIdentical: importing the same document
// over its own catalog changes nothing and says so.
func TestReimportSameDocumentIsByteIdentical(t *testing.T) {
	for _, doc := range []string{petsV1, petsV2} {
		fresh := importText(t, doc)
		out, sum := merge(t, fresh, fresh)
		if !bytes.Equal(out, fresh) {
			t.Fatalf("the same document changed the catalog:\n%s", out)
		}
		if got := sum.Lines(); !slices.Equal(got, []string{"no endpoint or type changed"}) {
			t.Errorf("summary %q", got)
		}
	}
	for _, path := range []string{"testdata/ktrdr-openapi.json", "testdata/fixtures/openapi30.yaml", "testdata/fixtures/swagger2.yaml", "testdata/fixtures/openapi31.yaml"} {
		fresh := importFile(t, path).Catalog
		if out, _ := merge(t, fresh, fresh); !bytes.Equal(out, fresh) {
			t.Errorf("%s: the same document changed the catalog", path)
		}
	}
}

// petsHandEdited is the catalog of petsV1, edited by hand: settings,
// comments, a hand type and endpoint, go_names, and an endpoint taken
// over.
func petsHandEdited(t *testing.T) string {
	t.Helper()
	v1 := string(importText(t, petsV1))
	hand := edit(t, v1,
		// client settings: a base URL of our own, and a timeout.
		"  base_url: https://pets.example.com/v1\n", "  base_url: https://staging.example.com/v1\n  timeout: 5s\n",
		// a hand type.
		"types:\n", "types:\n  # Written by hand.\n  Extra:\n    fields:\n      a: {type: string}\n",
		// a field's go_name and comment.
		"      id: {type: string, required: true}\n      name: {type: string}\n", "      id: {type: string, required: true}\n      # The display name.\n      name: {type: string, go_name: PetName}\n",
		// an endpoint renamed, with a comment and keys the document cannot say.
		"  list_pets:\n", "  # Lists a page of pets.\n  pets:\n",
		"    response: '[]Pet'\n", "    response: '[]Pet'\n    timeout: 2s\n    max_retries: 1\n",
		// an endpoint's go_name.
		"    path: /pets/{id}\n", "    go_name: FetchPet\n    path: /pets/{id}\n",
		// an endpoint taken over: its marker line deleted, then edited.
		Marker+"\n  create_pet:\n    method: POST\n", "create_pet:\n    description: Mine.\n    method: POST\n",
	)
	// A hand endpoint using Old, which v2 drops.
	hand += "  ping:\n    method: GET\n    path: /ping\n    response: Old\n"
	if _, err := spec.Parse("hand.yaml", []byte(hand)); err != nil {
		t.Fatalf("the hand-edited catalog does not load: %v\n%s", err, hand)
	}
	return hand
}

// TestReimportKeepsHandEdits imports v1, edits the catalog by hand,
// imports v2 over it: the document's changes arrive, the hand edits stay,
// and the summary lists what changed.
func TestReimportKeepsHandEdits(t *testing.T) {
	hand := petsHandEdited(t)
	out, sum := merge(t, []byte(hand), importText(t, petsV2))
	got := string(out)
	for _, want := range []string{
		"  base_url: https://staging.example.com/v1\n  timeout: 5s\n",
		"  # Written by hand.\n  Extra:\n",
		"      # The display name.\n      name: {type: string, go_name: PetName}\n      tag: {type: string}\n",
		"  # Lists a page of pets.\n  pets:\n",
		"    timeout: 2s\n    max_retries: 1\n",
		"    go_name: FetchPet\n",
		"      full: {type: boolean}\n",
		"create_pet:\n    description: Mine.\n",
		"  ping:\n",
		"  Old:\n",
		"  Photo:\n",
		"  get_photo:\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the merged catalog lacks %q:\n%s", want, got)
		}
	}
	for _, gone := range []string{"old_thing", "Gone:"} {
		if strings.Contains(got, gone) {
			t.Errorf("the merged catalog still has %q", gone)
		}
	}
	want := []string{
		"endpoint added: get_photo (GET /pets/{id}/photo)",
		"endpoint removed: old_thing (GET /old)",
		"endpoint changed: get_pet (GET /pets/{id})",
		"type added: Photo",
		"type removed: Gone",
		"type changed: Pet",
		`kept: client.base_url as the catalog has it; the document gives "https://pets.example.com/v2"`,
		`kept: create_pet (POST /pets) as the catalog has it (no "# import: from the document" line); the document's is not imported`,
		"kept: type Old, no longer in the document, because the catalog still uses it",
		"endpoints: 1 added, 1 removed, 1 changed; types: 1 added, 1 removed, 1 changed",
	}
	if !slices.Equal(sum.Lines(), want) {
		t.Errorf("summary\n%s\nwant\n%s", strings.Join(sum.Lines(), "\n"), strings.Join(want, "\n"))
	}

	// Again: nothing changes, and the kept base URL is noted again.
	again, sum := merge(t, out, importText(t, petsV2))
	if !bytes.Equal(again, out) {
		t.Errorf("a second re-import changed the catalog:\n%s", again)
	}
	if sum.Total() != "no endpoint or type changed" {
		t.Errorf("second summary %q", sum.Lines())
	}
}

// TestReimportKeepsLineComments: a comment after a field, a parameter or
// a setting stays, whether the document changed the item or not; so does
// a field written in block style, with the comments between its keys.
func TestReimportKeepsLineComments(t *testing.T) {
	hand := edit(t, string(importText(t, petsV1)),
		"      id: {type: string, required: true}\n", "      id: # the key\n        # always there\n        type: string # text\n        required: true\n",
		"      name: {type: string}\n  # import: from the document\n  NewPet", "      name: {type: string} # shown to owners\n  # import: from the document\n  NewPet",
		"      limit: {type: integer}\n", "      limit: {type: integer} # at most 100\n",
		"      id: {type: string}\n    response: Pet\n", "      id: {type: string} # the pet's\n    response: Pet # one pet\n",
		"      y: {type: string}\n", "      y: {type: string} # why\n",
	)
	if out, _ := merge(t, []byte(hand), importText(t, petsV1)); string(out) != hand {
		t.Errorf("the same document changed the catalog:\n%s\nwant\n%s", out, hand)
	}
	out, _ := merge(t, []byte(hand), importText(t, petsV2))
	mergedHas(t, out,
		"      id: # the key\n        # always there\n        type: string # text\n        required: true\n      name: {type: string} # shown to owners\n      tag: {type: string}\n",
		"      limit: {type: integer} # at most 100\n",
		"      id: {type: string} # the pet's\n    query:\n      full: {type: boolean}\n    response: Pet # one pet\n",
	)
}

// mergedHas checks that the merged catalog out holds each of wants.
func mergedHas(t *testing.T, out []byte, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(string(out), want) {
			t.Errorf("the merged catalog lacks %q:\n%s", want, out)
		}
	}
}

// TestReimportKeepsCommentsOfTheFile: comments set apart by a blank line
// below the header and at the end of the file, which YAML gives the
// document rather than a key, stay.
func TestReimportKeepsCommentsOfTheFile(t *testing.T) {
	v1 := string(importText(t, petsV1))
	hand := edit(t, v1, "\nclient:\n", "\n# Staging: see README.\n\nclient:\n") + "\n# The end.\n"
	if out, _ := merge(t, []byte(hand), importText(t, petsV1)); string(out) != hand {
		t.Errorf("the same document changed the catalog:\n%s\nwant\n%s", out, hand)
	}
	out, _ := merge(t, []byte(hand), importText(t, petsV2))
	if !strings.Contains(string(out), "\n# Staging: see README.\n\nclient:\n") || !strings.HasSuffix(string(out), "\n\n# The end.\n") {
		t.Errorf("the comments are lost:\n%s", out)
	}
}

// TestReimportOfAWindowsFile: a catalog saved with CRLF line ends, or
// with a UTF-8 byte order mark (as editors and git on Windows do), merges
// as the same catalog with LF line ends: its markers are read, the
// document's changes arrive, and the result is written with LF.
func TestReimportOfAWindowsFile(t *testing.T) {
	hand := petsHandEdited(t)
	want, _ := merge(t, []byte(hand), importText(t, petsV2))
	crlf := strings.ReplaceAll(hand, "\n", "\r\n")
	for name, old := range map[string]string{"CRLF": crlf, "BOM": "\ufeff" + hand, "BOM and CRLF": "\ufeff" + crlf} {
		if _, err := spec.Parse("hand.yaml", []byte(old)); err != nil {
			t.Fatalf("%s: the catalog does not load: %v", name, err)
		}
		got, sum, err := mergeBoth(t, "pets.catalog.yaml", []byte(old), importText(t, petsV2))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: merged\n%s\nwant\n%s", name, got, want)
		}
		if !slices.Contains(sum.EndpointsRemoved, "old_thing (GET /old)") {
			t.Errorf("%s: summary %q", name, sum.Lines())
		}
	}
}

// A merge whose result would not load is an error: a hand go_name that
// collides with a type the document adds.
func TestReimportThatDoesNotLoadIsAnError(t *testing.T) {
	hand := edit(t, string(importText(t, petsV1)), "    path: /pets/{id}\n", "    go_name: Photo\n    path: /pets/{id}\n")
	hand = edit(t, hand, "  Pet:\n", "  Pet:\n    go_name: Photo\n")
	_, _, err := mergeBoth(t, "pets.catalog.yaml", []byte(hand), importText(t, petsV2))
	if err == nil || !strings.Contains(err.Error(), "pets.catalog.yaml:") || !strings.Contains(err.Error(), "does not load") {
		t.Fatalf("got %v, want a positioned error saying the merged catalog does not load", err)
	}
}

// TestDocumentKeys: every endpoint key the mapping writes is one that a
// re-import owns (docEndpointKeys); a key the mapping learns to write must
// be classified there, or a re-import keeps its stale value.
func TestDocumentKeys(t *testing.T) {
	docs, _ := filepath.Glob("testdata/fixtures/*")
	docs = append(docs, "testdata/ktrdr-openapi.json")
	for _, doc := range docs {
		var root yaml.Node
		if err := yaml.Unmarshal(importFile(t, doc).Catalog, &root); err != nil {
			t.Fatal(err)
		}
		for _, e := range pairs(get(root.Content[0], "endpoints")) {
			if !isOwned(e.k) {
				t.Errorf("%s: endpoint %s has no %q line", doc, e.k.Value, Marker)
			}
			for _, k := range pairs(e.v) {
				if k.k.Value != "go_name" && !slices.Contains(docEndpointKeys, k.k.Value) {
					t.Errorf("%s: endpoint %s: key %s is not in docEndpointKeys", doc, e.k.Value, k.k.Value)
				}
			}
		}
	}
}

func TestMergeRefusesACatalogImportDidNotWrite(t *testing.T) {
	hand, err := os.ReadFile("../spec/endpoints.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := mergeBoth(t, "endpoints.yaml", hand, importText(t, petsV1)); err == nil || !strings.Contains(err.Error(), "not written by clientgen import") {
		t.Fatalf("got %v", err)
	}
}

// petsStatuses gives createPet a body per status: the pet (201), a job
// (202), none (204); its endpoint gets responses instead of response.
var petsStatuses = strings.Replace(petsV1,
	`        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
`, `        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
        "202": {description: queued, content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
        "204": {description: nothing}
`, 1)

// TestReimportSwitchesResponseAndResponses: a re-import replaces response
// with responses when the document's 2xx bodies come to differ, and back
// when they share one type again; the endpoint's hand edits stay both
// ways, and the way back gives the catalog it started from.
func TestReimportSwitchesResponseAndResponses(t *testing.T) {
	if petsStatuses == petsV1 {
		t.Fatal("petsStatuses did not change createPet")
	}
	hand := edit(t, string(importText(t, petsV1)),
		"  create_pet:\n    method: POST\n", "  # Creates a pet.\n  create_pet:\n    go_name: AddPet\n    method: POST\n",
		"    body: NewPet\n    response: Pet\n", "    body: NewPet\n    response: Pet\n    timeout: 2s\n    max_retries: 1\n",
	)
	mid, sum := merge(t, []byte(hand), importText(t, petsStatuses))
	m, err := spec.Parse("mid.yaml", mid)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(m.Endpoints, func(e *spec.Endpoint) bool { return e.Name == "create_pet" })
	if i < 0 {
		t.Fatalf("no create_pet in\n%s", mid)
	}
	ep := m.Endpoints[i]
	var statuses []string
	for _, sr := range ep.Responses {
		typ := "null"
		if sr.Type != nil && sr.Type.Ref != nil {
			typ = sr.Type.Ref.Name
		}
		statuses = append(statuses, fmt.Sprintf("%d: %s", sr.Status, typ))
	}
	if got := strings.Join(statuses, ", "); got != "201: Pet, 202: CreatePetResponse202, 204: null" || ep.Response != nil {
		t.Errorf("create_pet responses %q, response %v; want 201: Pet, 202: CreatePetResponse202, 204: null and no response:\n%s", got, ep.Response, mid)
	}
	if ep.GoName != "AddPet" || ep.Timeout != 2*time.Second || ep.MaxRetries == nil || *ep.MaxRetries != 1 || !strings.Contains(string(mid), "  # Creates a pet.\n  create_pet:\n") {
		t.Errorf("the hand edits of create_pet are lost:\n%s", mid)
	}
	want := []string{
		"endpoint changed: create_pet (POST /pets)",
		"type added: CreatePetResponse202",
		"endpoints: 0 added, 0 removed, 1 changed; types: 1 added, 0 removed, 0 changed",
	}
	if !slices.Equal(sum.Lines(), want) {
		t.Errorf("summary\n%s\nwant\n%s", strings.Join(sum.Lines(), "\n"), strings.Join(want, "\n"))
	}

	back, sum := merge(t, mid, importText(t, petsV1))
	if string(back) != hand {
		t.Errorf("re-importing the first document did not give back the catalog:\n%s\nwant\n%s", back, hand)
	}
	want = []string{
		"endpoint changed: create_pet (POST /pets)",
		"type removed: CreatePetResponse202",
		"endpoints: 0 added, 0 removed, 1 changed; types: 0 added, 1 removed, 0 changed",
	}
	if !slices.Equal(sum.Lines(), want) {
		t.Errorf("summary\n%s\nwant\n%s", strings.Join(sum.Lines(), "\n"), strings.Join(want, "\n"))
	}
}

// TestReimportKeepsTheResponseOfPagesAndOperations: where the document
// now gives a type per 2xx status, an endpoint with pagination or an
// operation, which read one response type, keeps its response, with a
// note; without them it takes the document's responses.
func TestReimportKeepsTheResponseOfPagesAndOperations(t *testing.T) {
	hand := edit(t, string(importText(t, petsV1)),
		"    response: '[]Pet'\n", "    response: '[]Pet'\n    pagination: {style: offset, offset: limit}\n",
		"    body: NewPet\n    response: Pet\n", "    body: NewPet\n    response: Pet\n    operation: {id: [id]}\n",
	) + "operations:\n  status: {path: '/ops/{id}'}\n  fields: {status: status}\n  statuses: {in_progress: [running], succeeded: [done], failed: [failed]}\n"
	if _, err := spec.Parse("hand.yaml", []byte(hand)); err != nil {
		t.Fatalf("the hand-edited catalog does not load: %v\n%s", err, hand)
	}
	queued := `        "202": {description: queued, content: {application/json: {schema: {type: object, properties: {job: {type: string}}}}}}
`
	doc := strings.NewReplacer(
		`items: {$ref: "#/components/schemas/Pet"}}}}}
`, `items: {$ref: "#/components/schemas/Pet"}}}}}
`+queued,
		`        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
`, `        "201": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
`+queued,
		`    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
`, `    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
`+queued,
	).Replace(petsV1)
	fresh := importText(t, doc)
	if n := strings.Count(string(fresh), "    responses:\n"); n != 3 {
		t.Fatalf("the document gives %d endpoints a type per status, want 3:\n%s", n, fresh)
	}
	out, sum := merge(t, []byte(hand), fresh)
	mergedHas(t, out,
		"    response: '[]Pet'\n    pagination: {style: offset, offset: limit}\n",
		"    body: NewPet\n    response: Pet\n    operation: {id: [id]}\n",
		"    responses:\n      200: Pet\n      202: GetPetResponse202\n",
	)
	for _, want := range []string{
		"kept: the response of list_pets (GET /pets) as the catalog has it: its pagination reads one type; the document gives a type per status",
		"kept: the response of create_pet (POST /pets) as the catalog has it: its operation reads one type; the document gives a type per status",
	} {
		if !slices.Contains(sum.Notes, want) {
			t.Errorf("notes %q lack %q", sum.Notes, want)
		}
	}
	if again, _ := merge(t, out, fresh); !bytes.Equal(again, out) {
		t.Errorf("a second re-import changed the catalog:\n%s", again)
	}
}

// A type that only a hand endpoint's responses use stays when the
// document drops it.
func TestReimportKeepsTypesOfHandResponses(t *testing.T) {
	hand := string(importText(t, petsV1)) + "  ping:\n    method: GET\n    path: /ping\n    responses:\n      200: Gone\n      204: null\n"
	out, sum := merge(t, []byte(hand), importText(t, petsV2))
	if !strings.Contains(string(out), "  Gone:\n") {
		t.Errorf("type Gone, used by ping's responses, was removed:\n%s", out)
	}
	if !slices.Contains(sum.Notes, "kept: type Gone, no longer in the document, because the catalog still uses it") {
		t.Errorf("notes %q", sum.Notes)
	}
}

// sepDoc declares an enum whose values share a Go name; the test replaces
// VALUES with its list of values.
const sepDoc = `openapi: 3.0.3
info: {title: Sep, version: "1"}
servers: [{url: "http://localhost"}]
paths:
  /s:
    get:
      operationId: getS
      parameters: [{name: sep, in: query, schema: {$ref: "#/components/schemas/Sep"}}]
      responses: {"204": {description: ok}}
components:
  schemas:
    Sep: {type: string, enum: VALUES}
`

// TestReimportKeepsEnumGoNames: like a go_name, a constant's name that the
// catalog gives in enum_go_names stays through a re-import; the values it
// does not name take the document's, and a value the document drops
// loses its name.
func TestReimportKeepsEnumGoNames(t *testing.T) {
	doc := func(values string) []byte { return importText(t, strings.Replace(sepDoc, "VALUES", values, 1)) }
	v1 := string(doc("[a-b, a_b, c]"))
	const fresh1 = "    enum: [a-b, a_b, c]\n    enum_go_names: {a_b: AB_2}\n"
	if !strings.Contains(v1, fresh1) {
		t.Fatalf("the import lacks %q:\n%s", fresh1, v1)
	}
	hand := edit(t, v1, "{a_b: AB_2}", "{a_b: Underscore, c: See}")
	for _, step := range []struct{ values, want string }{
		// a_b and c keep the catalog's names; A-B takes the document's.
		{"[a-b, a_b, A-B, c]", "    enum: [a-b, a_b, A-B, c]\n    enum_go_names: {a_b: Underscore, A-B: AB_3, c: See}\n"},
		// c is gone, and its name with it.
		{"[a-b, a_b]", "    enum: [a-b, a_b]\n    enum_go_names: {a_b: Underscore}\n"},
		// a-b and a_b are gone: nothing is left to name.
		{"[d]", "    enum: [d]\nendpoints:\n"},
	} {
		out, _ := merge(t, []byte(hand), doc(step.values))
		if !strings.Contains(string(out), step.want) {
			t.Errorf("%s: the merged catalog lacks %q:\n%s", step.values, step.want, out)
		}
		if again, _ := merge(t, out, doc(step.values)); !bytes.Equal(again, out) {
			t.Errorf("%s: a second re-import changed the catalog:\n%s", step.values, again)
		}
		hand = string(out)
	}
}

// TestReimportKeepsIntegerEnumGoNames: the names the catalog gives to an
// integer enum's constants, keyed by the values, stay through a
// re-import as a string enum's do, and a format the document adds
// becomes the enum's type.
func TestReimportKeepsIntegerEnumGoNames(t *testing.T) {
	const levelDoc = `openapi: 3.0.3
info: {title: Levels, version: "1"}
paths:
  /l:
    get:
      operationId: getL
      parameters: [{name: level, in: query, schema: {$ref: "#/components/schemas/Level"}}]
      responses: {"204": {description: ok}}
components:
  schemas:
    Level: {type: integer, FORMATenum: VALUES}
`
	doc := func(format, values string) []byte {
		return importText(t, strings.NewReplacer("FORMAT", format, "VALUES", values).Replace(levelDoc))
	}
	v1 := string(doc("", "[0, 1, -1]"))
	const fresh1 = "  Level:\n    enum: [0, 1, -1]\nendpoints:\n"
	if !strings.Contains(v1, fresh1) {
		t.Fatalf("the import lacks %q:\n%s", fresh1, v1)
	}
	hand := edit(t, v1, "    enum: [0, 1, -1]\n", "    enum: [0, 1, -1]\n    enum_go_names: {0: Debug, -1: Off}\n")
	out, _ := merge(t, []byte(hand), doc("format: int32, ", "[0, 1, 2, -1]"))
	const want = "  Level:\n    type: int32\n    enum: [0, 1, 2, -1]\n    enum_go_names: {0: Debug, -1: Off}\n"
	if !strings.Contains(string(out), want) {
		t.Fatalf("the merged catalog lacks %q:\n%s", want, out)
	}
	m, err := spec.Parse("levels.catalog.yaml", out)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range m.Types[0].Enum {
		got = append(got, v.GoName)
	}
	if want := []string{"LevelDebug", "Level1", "Level2", "LevelOff"}; !slices.Equal(got, want) || m.Types[0].EnumBase != spec.KindInt32 {
		t.Errorf("constants %v of %v, want %v of int32", got, m.Types[0].EnumBase, want)
	}
}

// TestReimportPlacesNewItemsWhereTheDocumentHasThem: an endpoint or type
// the document gained since the catalog was written goes after the one
// before it in the document (first, in the middle, last), so that
// re-importing over a catalog without any one item gives the catalog a
// fresh import writes.
func TestReimportPlacesNewItemsWhereTheDocumentHasThem(t *testing.T) {
	for _, doc := range []string{petsV2, petsStatuses} {
		fresh := importText(t, doc)
		header, body, _ := splitHeader(fresh)
		for _, section := range []string{"types", "endpoints"} {
			var tree yaml.Node
			if err := yaml.Unmarshal(body, &tree); err != nil {
				t.Fatal(err)
			}
			n := len(get(tree.Content[0], section).Content) / 2
			if n < 3 {
				t.Fatalf("%s has %d %s; want at least 3 to take one from the middle", doc[:20], n, section)
			}
			for i := range n {
				var old yaml.Node
				if err := yaml.Unmarshal(body, &old); err != nil {
					t.Fatal(err)
				}
				s := get(old.Content[0], section)
				name := s.Content[2*i].Value
				s.Content = slices.Delete(s.Content, 2*i, 2*i+2)
				text, err := encoderYAML(&old)
				if err != nil {
					t.Fatal(err)
				}
				out, sum, err := Merge("pets.catalog.yaml", append(slices.Clip(header), text...), fresh)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out, fresh) {
					t.Errorf("%s %s added again: the catalog is\n%s\nwant\n%s", section, name, out, fresh)
				}
				if added := append(sum.TypesAdded, sum.EndpointsAdded...); len(added) != 1 || !strings.HasPrefix(added[0], name) {
					t.Errorf("%s %s added again: summary %q", section, name, sum.Lines())
				}
			}
		}
	}
}

// TestReimportKeepsAliasedValues: a hand type that aliases a value of an
// imported one (fields: *petfields) keeps it as the catalog has it when
// re-import replaces the imported type's value, anchor and all; the
// merged catalog lost the anchor and did not load ("unknown anchor"), an
// error that blamed the hand edits.
func TestReimportKeepsAliasedValues(t *testing.T) {
	hand := edit(t, string(importText(t, petsV1)),
		"  Pet:\n    fields:\n", "  Pet:\n    fields: &petfields\n",
		"  # import: from the document\n  NewPet:\n", "  Mine:\n    fields: *petfields\n  # import: from the document\n  NewPet:\n")
	if _, err := spec.Parse("pets.catalog.yaml", []byte(hand)); err != nil {
		t.Fatal(err)
	}
	out, _ := merge(t, []byte(hand), importText(t, petsV2))
	m, err := spec.Parse("pets.catalog.yaml", out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	fields := map[string][]string{}
	for _, ty := range m.Types {
		for _, f := range ty.Fields {
			fields[ty.Name] = append(fields[ty.Name], f.JSONName)
		}
	}
	if !slices.Equal(fields["Pet"], []string{"id", "name", "tag"}) || !slices.Equal(fields["Mine"], []string{"id", "name"}) {
		t.Errorf("fields %v, want Pet's id, name, tag and Mine's id, name\n%s", fields, out)
	}
	again, _ := merge(t, out, importText(t, petsV2))
	if !bytes.Equal(again, out) {
		t.Errorf("a second re-import changed the catalog:\n%s", again)
	}
}

// TestReimportKeepsTypesUsedThroughAliases: a type the document dropped
// stays while a hand item uses it through an alias (response: *gone).
func TestReimportKeepsTypesUsedThroughAliases(t *testing.T) {
	hand := edit(t, string(importText(t, petsV1)),
		"    response: Gone\n", "    response: &gone Gone\n")
	hand += "  mine:\n    method: GET\n    path: /mine\n    response: *gone\n"
	if _, err := spec.Parse("pets.catalog.yaml", []byte(hand)); err != nil {
		t.Fatalf("%v\n%s", err, hand)
	}
	out, sum := merge(t, []byte(hand), importText(t, petsV2))
	if _, err := spec.Parse("pets.catalog.yaml", out); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if !slices.Contains(sum.Notes, "kept: type Gone, no longer in the document, because the catalog still uses it") {
		t.Errorf("notes %q", sum.Notes)
	}
}
