package templates

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// nestedExpr is a type expression of depth lists and maps around elem.
func nestedExpr(depth int, elem string) string {
	var b strings.Builder
	for i := range depth {
		if i%2 == 0 {
			b.WriteString("[]")
		} else {
			b.WriteString("map[string]")
		}
	}
	return b.String() + elem
}

// deepCatalog uses expressions of the given depth for a required and an
// optional field, a response and (through Box) a request body.
func deepCatalog(depth int) string {
	return fmt.Sprintf(`client: {name: Deep, package: deep, base_url: 'http://x'}
types:
  Box:
    fields:
      v: {type: '%s'}
      w: {type: '%s', required: true}
endpoints:
  get: {method: GET, path: /a, response: '%s'}
  put: {method: POST, path: /b, body: Box, response: Box}
`, nestedExpr(depth, "string"), nestedExpr(depth, "Box"), nestedExpr(depth, "integer"))
}

// renderDeep renders deepCatalog(depth).
func renderDeep(t *testing.T, depth int) (*spec.Model, []File) {
	t.Helper()
	m, err := spec.Parse("deep.yaml", []byte(deepCatalog(depth)))
	require.NoError(t, err)
	files, err := Render(m)
	require.NoError(t, err)
	return m, files
}

// TestDeepestTypesCompile renders types nested as deep as the loader
// allows and checks that the package type-checks, and, unless -short,
// that go vet and go build accept it.
func TestDeepestTypesCompile(t *testing.T) {
	m, files := renderDeep(t, spec.MaxTypeDepth)
	typeCheck(t, m.Client.Package, files)
	if testing.Short() {
		return
	}
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/deep\n\ngo 1.24\n"), 0o644))
	for _, f := range files {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644))
	}
	goIn(t, dir, "vet", ".")
	goIn(t, dir, "build", ".")
}

// TestEmittedSizeLinearInDepth checks that the generated code grows
// linearly with the nesting depth of a type: doubling the depth at most
// about doubles what depends on it (written out in full, each nested
// literal repeats every level below it, and the size grows with the
// square of the depth).
func TestEmittedSizeLinearInDepth(t *testing.T) {
	size := func(depth int) int {
		_, files := renderDeep(t, depth)
		n := 0
		for _, f := range files {
			if !strings.HasPrefix(f.Name, "rt_") {
				n += len(f.Data)
			}
		}
		return n
	}
	base := size(1)
	d, d2 := size(spec.MaxTypeDepth/2)-base, size(spec.MaxTypeDepth)-base
	assert.LessOrEqual(t, float64(d2), 2.3*float64(d), "depth %d adds %d bytes, depth %d adds %d", spec.MaxTypeDepth/2, d, spec.MaxTypeDepth, d2)
}
