package spec

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReservedNamesCoverTheRuntime keeps the reserved lists in step with the
// runtime that is copied into every generated package: a catalog name equal
// to one of its exported identifiers, or to a method of its clients, would
// not compile.
func TestReservedNamesCoverTheRuntime(t *testing.T) {
	dir := filepath.Join("..", "templates", "rt")
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		t.Skip("no runtime in ../templates/rt")
	}
	files, err := filepath.Glob(filepath.Join(dir, "*_rt.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	var exported, methods []string
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					exported = append(exported, d.Name.Name)
					continue
				}
				recv := d.Recv.List[0].Type
				if star, ok := recv.(*ast.StarExpr); ok {
					recv = star.X
				}
				if id, ok := recv.(*ast.Ident); ok && (id.Name == "Client" || id.Name == "AsyncClient") {
					methods = append(methods, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch s := spec.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							exported = append(exported, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.IsExported() {
								exported = append(exported, n.Name)
							}
						}
					}
				}
			}
		}
	}
	require.NotEmpty(t, exported)
	for _, name := range exported {
		assert.True(t, IsReservedName(name), "the runtime declares %s; add it to ReservedNames", name)
	}
	for _, name := range methods {
		assert.Contains(t, ReservedMethodNames(), name, "the clients have a method %s; add it to ReservedMethodNames", name)
	}
}
