package templates

import (
	"bytes"
	"cmp"
	"fmt"
	"go/format"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// queryStyleTypes are the types tried as a query parameter under every
// style: each scalar, the catalog's named types of every shape, and lists
// and maps of them.
func queryStyleTypes() []string {
	named := []string{
		"string", "integer", "number", "boolean", "date-time", "any", "int32", "int64",
		"float", "double", "date", "uuid", "uri", "base64",
		"Kind", "Obj", "Extended", "Empty", "Labels", "Word", "Shape", "Deep", "Maybe",
	}
	out := append([]string(nil), named...)
	for _, n := range named {
		out = append(out, "[]"+n, "map[string]"+n)
	}
	return append(out, "[][]string", "map[string][]string", "map[string]map[string]string")
}

// queryStyleTypesYAML declares the named types of queryStyleTypes: a
// string enum, objects with a field of every scalar (required and
// optional), an all_of of one, an object without fields, aliases, a union,
// an object with a nested object and one with a nullable field.
const queryStyleTypesYAML = `types:
  Kind: {enum: [a, "b,c", "d|e"]}
  Obj:
    fields:
      s: {type: string, required: true}
      i: {type: integer, required: true}
      n: {type: number, required: true}
      b: {type: boolean, required: true}
      t: {type: date-time, required: true}
      i32: {type: int32, required: true}
      i64: {type: int64, required: true}
      f: {type: float, required: true}
      d: {type: date, required: true}
      u: {type: uuid, required: true}
      k: {type: Kind, required: true}
      os: {type: string}
      oi: {type: integer}
      on: {type: number}
      ob: {type: boolean}
      ot: {type: date-time}
      oi32: {type: int32}
      oi64: {type: int64}
      of: {type: float}
      od: {type: date}
      ou: {type: uuid}
      ok: {type: Kind}
  Base:
    fields:
      id: {type: int64, required: true}
  Extended:
    all_of: [Base]
    fields:
      note: {type: string}
  Empty: {fields: {}}
  Labels: {type: "map[string]string"}
  Word: {type: string}
  Shape:
    one_of: [Base, Obj]
  Deep:
    fields:
      inner: {type: Base}
  Maybe:
    fields:
      v: {type: string, nullable: true}
`

// queryStyleCatalog is a catalog of one endpoint with one query parameter
// of type typ in style (none when ""), required or not.
func queryStyleCatalog(typ, style string, required bool) string {
	var b strings.Builder
	b.WriteString("client: {name: Q, package: q, base_url: 'http://q.example'}\n")
	b.WriteString(queryStyleTypesYAML)
	b.WriteString("endpoints:\n  e:\n    method: GET\n    path: /e\n    query:\n")
	fmt.Fprintf(&b, "      p: {type: %q, required: %t", typ, required)
	if style != "" {
		fmt.Fprintf(&b, ", style: %s", style)
	}
	b.WriteString("}\n")
	return b.String()
}

// TestQueryStyleCombinations renders a catalog for every type, style and
// required flag, and checks that what the loader accepts renders Go that
// gofmt leaves alone, and that every style is accepted for some type. The
// accepted parameters are then rendered together, one endpoint's query, a
// package that must type-check and pass go vet.
func TestQueryStyleCombinations(t *testing.T) {
	styles := []string{"", spec.QueryForm, spec.QueryComma, spec.QuerySpace, spec.QueryPipe, spec.QueryDeepObject}
	accepted := map[string]int{} // by style
	n := 0                       // parameters accepted
	var all strings.Builder
	for _, typ := range queryStyleTypes() {
		for _, style := range styles {
			for _, required := range []bool{false, true} {
				name := fmt.Sprintf("%s/%s/%t", typ, style, required)
				m, err := spec.Parse("q.yaml", []byte(queryStyleCatalog(typ, style, required)))
				if err != nil {
					continue
				}
				accepted[style]++
				n++
				files, err := Render(m)
				require.NoError(t, err, name)
				for _, f := range files {
					src, err := format.Source(f.Data)
					require.NoError(t, err, "%s: %s", name, f.Name)
					if !bytes.Equal(src, f.Data) {
						t.Errorf("%s: gofmt changes %s", name, f.Name)
					}
				}
				fmt.Fprintf(&all, "      p%d: {type: %q, required: %t, style: %s}\n", n, typ, required, cmp.Or(style, spec.QueryForm))
			}
		}
	}
	for _, style := range styles {
		if accepted[style] == 0 {
			t.Errorf("no type is accepted in style %q", style)
		}
	}
	t.Logf("accepted per style: %v", accepted)
	cat := "client: {name: Q, package: q, base_url: 'http://q.example'}\n" + queryStyleTypesYAML +
		"endpoints:\n  e:\n    method: GET\n    path: /e\n    query:\n" + all.String()
	m, err := spec.Parse("all.yaml", []byte(cat))
	require.NoError(t, err, cat)
	files, err := Render(m)
	require.NoError(t, err)
	typeCheck(t, m.Client.Package, files)
	if testing.Short() {
		return
	}
	goIn(t, writeModule(t, m, "package q\n"), "vet", ".")
}
