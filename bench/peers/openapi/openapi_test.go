package openapi

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/clientgen/clientgen/bench/synth"
	"github.com/clientgen/clientgen/spec"
)

// TestSynthetic checks that a synthetic catalog becomes one operation per
// endpoint, plus the operation protocol's status and cancel calls, with
// the same paths and methods.
func TestSynthetic(t *testing.T) {
	for _, n := range []int{40, 400} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			m, err := spec.Parse("synth.yaml", synth.Catalog(n))
			if err != nil {
				t.Fatal(err)
			}
			doc := decode(t, m)
			ops := map[string]string{} // operationId -> METHOD path
			for path, item := range doc.Paths {
				for method, op := range item {
					ops[op.OperationID] = method + " " + path
				}
			}
			extra := 1
			if m.Operations.CancelPath != "" {
				extra = 2
			}
			if len(ops) != n+extra {
				t.Fatalf("%d operations, want %d endpoints + %d", len(ops), n, extra)
			}
			for _, e := range m.Endpoints {
				if got, want := ops[e.Name], lower(e.Method)+" "+e.Path; got != want {
					t.Errorf("%s: %q, want %q", e.Name, got, want)
				}
			}
		})
	}
}

// TestFields checks that a type keeps its fields, their kinds and which
// are required.
func TestFields(t *testing.T) {
	m, err := spec.Parse("synth.yaml", synth.Catalog(40))
	if err != nil {
		t.Fatal(err)
	}
	s := decode(t, m).Components.Schemas["R0001"]
	want := map[string]any{
		"id": "string", "count": "integer", "score": "number", "active": "boolean", "created_at": "string",
		"owner": nil, "tags": "array", "parts": "array",
	}
	got := map[string]any{}
	for name, p := range s.Properties {
		got[name] = p["type"]
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("R0001 properties %v, want %v", got, want)
	}
	if wantReq := []string{"active", "count", "created_at", "id"}; !reflect.DeepEqual(s.Required, wantReq) {
		t.Errorf("R0001 required %v, want %v", s.Required, wantReq)
	}
	if ref := s.Properties["owner"]["$ref"]; ref != "#/components/schemas/R0001Ref" {
		t.Errorf("owner $ref %v", ref)
	}
}

type document struct {
	Paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]struct {
			Properties map[string]map[string]any `json:"properties"`
			Required   []string                  `json:"required"`
		} `json:"schemas"`
	} `json:"components"`
}

func decode(t *testing.T, m *spec.Model) document {
	t.Helper()
	b, err := FromModel(m)
	if err != nil {
		t.Fatal(err)
	}
	var d document
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}
