package templates

import (
	"go/build"
	"go/build/constraint"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// directiveLines are description lines that, at the start of a comment,
// a Go tool would read as an instruction rather than text.
var directiveLines = []string{
	"+build linux,!linux",
	"  +build ignore",
	"go:build ignore",
	"go:generate rm -rf /",
	"go:linkname x runtime.x",
	"go:embed *",
	"line evil.go:1",
	"export Evil",
	"extern evil",
	"sys evil()",
	"nolint",
	"lint:ignore SA1019 x",
	"#cgo LDFLAGS: -levil",
	"//go:build ignore",
	"/go:build ignore",
}

// TestCatalogTextBecomesNoDirective puts every directive form into the
// descriptions of the package, a type, a field, an enum, an endpoint, a
// path parameter and a query parameter, on a line of their own and where
// wrapping starts a line with them: go/build must see no constraint, no
// comment may be a directive, and go vet must pass.
func TestCatalogTextBecomesNoDirective(t *testing.T) {
	filler := strings.Repeat("word ", 15) // wraps so that the next text starts a line
	var desc []string
	for _, d := range directiveLines {
		desc = append(desc, d, filler+strings.TrimSpace(d))
	}
	q := strconv.Quote(strings.Join(desc, "\n"))
	src := `client: {name: D, package: d, base_url: 'http://x', description: ` + q + `}
types:
  Obj:
    description: ` + q + `
    fields:
      f: {type: string, description: ` + q + `}
  Kind: {description: ` + q + `, enum: [a]}
endpoints:
  get:
    description: ` + q + `
    method: GET
    path: '/a/{id}'
    path_params: {id: {type: string, description: ` + q + `}}
    query: {q: {type: Kind, description: ` + q + `}}
    response: Obj
`
	m, err := spec.Parse("d.yaml", []byte(src))
	require.NoError(t, err)
	files, err := Render(m)
	require.NoError(t, err)
	typeCheck(t, m.Client.Package, files)

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/d\n\ngo 1.24\n"), 0o644))
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		require.NoError(t, os.WriteFile(path, f.Data, 0o644))
		ok, err := build.Default.MatchFile(dir, f.Name)
		require.NoError(t, err)
		assert.True(t, ok, "go/build excludes %s", f.Name)
		file, err := parser.ParseFile(token.NewFileSet(), path, f.Data, parser.ParseComments)
		require.NoError(t, err)
		if strings.HasPrefix(f.Name, "rt_") {
			continue // the runtime's own directives (//go:noinline)
		}
		for _, g := range file.Comments {
			for _, c := range g.List {
				text := c.Text
				rest := strings.TrimSpace(strings.TrimPrefix(text, "//"))
				assert.False(t, constraint.IsGoBuild(text) || constraint.IsPlusBuild(text) || strings.HasPrefix(rest, "+build"),
					"%s: build constraint %q", f.Name, text)
				assert.False(t, strings.HasPrefix(text, "//") && len(text) > 2 && text[2] != ' ' && text[2] != '\t',
					"%s: directive %q", f.Name, text)
				assert.False(t, strings.HasPrefix(rest, "go:") || strings.HasPrefix(rest, "#cgo"),
					"%s: directive-like comment %q", f.Name, text)
			}
		}
	}
	if !testing.Short() {
		goIn(t, dir, "vet", ".")
	}
}

// TestDocCommentsAreGofmtStable: descriptions written as Python or
// Markdown docstrings are (indented blocks, lists, headings, link
// definitions) give doc comments gofmt leaves as they are: the generated
// package is gofmt-clean.
func TestDocCommentsAreGofmtStable(t *testing.T) {
	q := strconv.Quote("Lead line.\n\nAttributes:\n    success (bool): whether it worked\n    data: the data\nThen text.\n  GET /operations/{id}\n- one\n- two\n1. first\n2) second\n# Heading\n\n# Heading\n\nSee [the docs].\n\n[the docs]: https://example.com/docs\n\ttabbed\n  +build ignore\n  go:generate x")
	src := `client: {name: D, package: d, base_url: 'http://x', description: ` + q + `}
types:
  Obj:
    description: ` + q + `
    fields:
      f: {type: string, description: ` + q + `}
  Kind: {description: ` + q + `, enum: [a]}
endpoints:
  get:
    description: ` + q + `
    method: GET
    path: '/a/{id}'
    path_params: {id: {type: string, description: ` + q + `}}
    query: {q: {type: Kind, description: ` + q + `}}
    response: Obj
`
	m, err := spec.Parse("d.yaml", []byte(src))
	require.NoError(t, err)
	files, err := Render(m)
	require.NoError(t, err)
	for _, f := range files {
		formatted, err := format.Source(f.Data)
		require.NoError(t, err)
		assert.Equal(t, string(formatted), string(f.Data), "%s is not gofmt-clean", f.Name)
	}
}
