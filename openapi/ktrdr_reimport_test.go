package openapi

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/clientgen/clientgen/spec"
	"github.com/clientgen/clientgen/templates"
)

// ktrdrCatalog is the checked-in catalog of openapi/ktrdrimport: KTRDR's
// document imported, with the hand catalog's client and operations
// sections and per-endpoint settings added by hand, as a user would.
// `make generate` renders the client next to it and its tests run the
// hand client's behaviour scenarios against it.
const ktrdrCatalog = "ktrdrimport/ktrdr.yaml"

// The document's paths carry /api/v1 (it has no servers), where the hand
// catalog's base URL ends in it: the hand sections are moved onto the
// document's paths, the one adaptation a user has to make.
const ktrdrPrefix = "/api/v1"

func yamlRoot(t *testing.T, data []byte) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

func setValue(t *testing.T, m *yaml.Node, key, value string) {
	t.Helper()
	v := get(m, key)
	if v == nil {
		t.Fatalf("no key %q", key)
	}
	v.Value = value
}

func deleteKey(m *yaml.Node, key string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content = slices.Delete(m.Content, i, i+2)
			return
		}
	}
}

// ktrdrHandEdited imports KTRDR's document and makes the hand edits: the
// hand catalog's client section (package ktrdrimport, base URL without the
// prefix the paths carry), its operations section, and each shared
// endpoint's keys that the document cannot say (operation, idempotent,
// pagination…), copied by method and path.
func ktrdrHandEdited(t *testing.T) (fresh, edited []byte) {
	t.Helper()
	fresh = importFile(t, "testdata/ktrdr-openapi.json").Catalog
	header, body, _ := splitHeader(fresh)
	root := yamlRoot(t, body)
	handData, err := os.ReadFile("../spec/endpoints.yaml")
	if err != nil {
		t.Fatal(err)
	}
	hand := yamlRoot(t, handData)

	client := get(hand, "client")
	setValue(t, client, "package", "ktrdrimport")
	setValue(t, client, "description", "Package ktrdrimport is the KTRDR client generated from KTRDR's OpenAPI\ndocument by clientgen import, with the hand catalog's client and operations\nsections and per-endpoint settings (openapi/ktrdr_reimport_test.go).\n")
	setValue(t, client, "base_url", "http://localhost:8000")
	deleteKey(client, "api_prefix")
	setValue(t, get(client, "health"), "path", ktrdrPrefix+get(get(client, "health"), "path").Value)
	root.Content[slices.IndexFunc(root.Content, func(n *yaml.Node) bool { return n.Value == "client" })+1] = client

	ops := get(hand, "operations")
	for _, k := range []string{"status", "cancel"} {
		p := get(get(ops, k), "path")
		p.Value = ktrdrPrefix + p.Value
	}
	root.Content = append(root.Content, keyOf(hand, "operations"), ops)

	imported := map[string]*yaml.Node{}
	for _, e := range pairs(get(root, "endpoints")) {
		imported[routeOf(e.v)] = e.v
	}
	for _, h := range pairs(get(hand, "endpoints")) {
		route := strings.Replace(routeOf(h.v), " ", " "+ktrdrPrefix, 1)
		e := imported[route]
		if e == nil {
			t.Fatalf("the hand catalog's %s (%s) is not imported", h.k.Value, route)
		}
		for _, kv := range pairs(h.v) {
			if kv.k.Value != "go_name" && !slices.Contains(docEndpointKeys, kv.k.Value) {
				e.Content = append(e.Content, kv.k, kv.v)
			}
		}
	}
	var buf bytes.Buffer
	buf.Write(header)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		t.Fatal(err)
	}
	return fresh, buf.Bytes()
}

// TestKTRDROperationsSurviveReimport: the document says nothing about
// long-running operations, so import writes none; the hand-added
// operations section, client section and operation blocks survive a
// re-import of the document, and of the document over a stale catalog.
func TestKTRDROperationsSurviveReimport(t *testing.T) {
	fresh, edited := ktrdrHandEdited(t)
	for _, s := range []string{"\noperations:", "    operation:\n", "pagination:"} {
		if bytes.Contains(fresh, []byte(s)) {
			t.Errorf("the import alone writes %q; the document says nothing about operations", s)
		}
	}
	if _, err := spec.Parse(ktrdrCatalog, edited); err != nil {
		t.Fatalf("the hand-edited catalog does not load: %v", err)
	}

	merged, sum, err := mergeBoth(t, ktrdrCatalog, edited, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(merged, edited) {
		t.Errorf("re-importing the same document changed the hand-edited catalog:\n%s", merged)
	}
	if sum.Total() != "no endpoint or type changed" {
		t.Errorf("summary %q", sum.Lines())
	}

	// A stale catalog: an endpoint and a field the document has since
	// gained are missing, and a start endpoint's description is old.
	stale := edited
	for _, cut := range []string{
		"  # import: from the document\n  operations_retry_operation:\n    method: POST\n    path: /api/v1/operations/{operation_id}/retry\n    path_params:\n      operation_id: {type: string}\n    response: OperationStatusResponse\n",
		"      is_backend_local: {type: boolean, default: false, description: 'True if operation runs in backend process (e.g., agent sessions), False if runs via distributed worker'}\n",
	} {
		if !bytes.Contains(stale, []byte(cut)) {
			t.Fatalf("the catalog lacks %q", cut)
		}
		stale = bytes.Replace(stale, []byte(cut), nil, 1)
	}
	merged, sum, err = mergeBoth(t, ktrdrCatalog, stale, fresh)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(merged, edited) {
		t.Errorf("re-importing over the stale catalog did not give the hand-edited catalog back:\n%s", merged)
	}
	want := []string{"endpoint added: operations_retry_operation (POST /api/v1/operations/{operation_id}/retry)", "type changed: OperationInfo"}
	if got := sum.Lines(); !slices.Equal(got[:2], want) {
		t.Errorf("summary %q, want it to start with %q", got, want)
	}

	m, err := spec.Parse(ktrdrCatalog, merged)
	if err != nil {
		t.Fatal(err)
	}
	if m.Operations == nil {
		t.Fatal("no operations section after re-import")
	}
	starts := 0
	for _, e := range m.Endpoints {
		if e.Operation != nil {
			starts++
		}
	}
	if starts != 4 {
		t.Errorf("%d endpoints start operations after re-import, want the hand catalog's 4", starts)
	}
	if _, err := templates.Render(m); err != nil {
		t.Fatal(err)
	}

	// The checked-in catalog that openapi/ktrdrimport is generated from.
	if *update {
		if err := os.WriteFile(ktrdrCatalog, merged, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := os.ReadFile(ktrdrCatalog); err != nil || !bytes.Equal(got, merged) {
		t.Errorf("%s is stale (go test ./openapi -run TestKTRDROperationsSurviveReimport -update, then make generate): %v", ktrdrCatalog, err)
	}
}
