package bench

import (
	"fmt"
	"go/parser"
	"go/token"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/bench/synth"
	"github.com/clientgen/clientgen/spec"
	"github.com/clientgen/clientgen/templates"
)

// sizes are the catalog sizes of BenchmarkGenerate, in endpoints.
var sizes = []int{40, 400, 2000}

// BenchmarkGenerate measures what clientgen does between reading the
// catalog and writing the files: spec.Parse (load and validate) and
// templates.Render (emit and gofmt every file). Besides the elapsed ns/op it
// reports cpu-ns/op, the process CPU time per op on all cores (GC included).
func BenchmarkGenerate(b *testing.B) {
	for _, n := range sizes {
		data := synth.Catalog(n)
		b.Run(fmt.Sprintf("endpoints=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(data)))
			cpu := processCPU()
			for b.Loop() {
				m, err := spec.Parse("synthetic.yaml", data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := templates.Render(m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// TestSyntheticCatalogs checks that the benchmark catalogs are valid, have
// the endpoint count their name promises and the shape described in
// bench/synth, and that the largest renders to Go that parses (400
// endpoints with -short or the race detector).
func TestSyntheticCatalogs(t *testing.T) {
	for _, n := range append([]int{0, 1, 7}, sizes...) {
		m, err := spec.Parse("synthetic.yaml", synth.Catalog(n))
		require.NoError(t, err, "endpoints=%d", n)
		require.Len(t, m.Endpoints, n)
		resources, starters := synth.Shape(n)
		assert.Equal(t, n, 4*resources+starters)
		ops := 0
		for _, ep := range m.Endpoints {
			if ep.Operation != nil {
				ops++
			}
		}
		assert.Equal(t, starters, ops, "operation starters of endpoints=%d", n)
		assert.Len(t, m.Types, 6+4*resources, "types of endpoints=%d", n)
	}

	m, err := spec.Parse("synthetic.yaml", synth.Catalog(400))
	require.NoError(t, err)
	get := endpoint(t, m, "GetR0001")
	require.NotNil(t, get.Response)
	require.NotNil(t, get.Response.Ref)
	kinds := map[spec.Kind]int{}
	for _, f := range get.Response.Ref.Fields {
		kinds[f.Type.Kind]++
	}
	assert.Equal(t, map[spec.Kind]int{spec.KindString: 1, spec.KindInteger: 1, spec.KindNumber: 1, spec.KindBoolean: 1,
		spec.KindDateTime: 1, spec.KindRef: 1, spec.KindArray: 2}, kinds, "the record has one field of each kind and two lists")
	list := endpoint(t, m, "ListR0001")
	require.Len(t, list.Query, 2)
	assert.Equal(t, "limit", list.Query[0].Name)
	assert.Equal(t, "offset", list.Query[1].Name)
	create := endpoint(t, m, "CreateR0001")
	require.NotNil(t, create.Body)
	assert.Len(t, create.Body.Ref.Fields, 6)
	assert.Nil(t, endpoint(t, m, "DeleteR0001").Response)
	require.NotNil(t, m.Operations)

	// The race detector makes rendering 2,000 endpoints take half a minute;
	// the emitters share nothing between files that 400 would not exercise.
	n := 2000
	if testing.Short() || raceEnabled {
		n = 400
	}
	m, err = spec.Parse("synthetic.yaml", synth.Catalog(n))
	require.NoError(t, err)
	files, err := templates.Render(m)
	require.NoError(t, err)
	fset := token.NewFileSet()
	for _, f := range files {
		_, err := parser.ParseFile(fset, f.Name, f.Data, parser.SkipObjectResolution)
		assert.NoError(t, err, "%s does not parse", f.Name)
	}
}

func endpoint(t *testing.T, m *spec.Model, goName string) *spec.Endpoint {
	t.Helper()
	for _, ep := range m.Endpoints {
		if ep.GoName == goName {
			return ep
		}
	}
	require.FailNow(t, "no endpoint "+goName)
	return nil
}
