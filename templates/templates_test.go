package templates

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/bench/synth"
	"github.com/clientgen/clientgen/spec"
)

// Run `go test ./templates -update` to rewrite the golden files under
// testdata/<case>/golden from testdata/<case>/endpoints.yaml.
var update = flag.Bool("update", false, "rewrite golden files")

// cases are the catalogs under testdata, one directory each.
func cases(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob("testdata/*/endpoints.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for i, d := range dirs {
		dirs[i] = filepath.Dir(d)
	}
	return dirs
}

func renderCase(t *testing.T, dir string) []File {
	t.Helper()
	m, err := spec.Load(filepath.ToSlash(filepath.Join(dir, "endpoints.yaml")))
	require.NoError(t, err)
	files, err := Render(m)
	require.NoError(t, err)
	return files
}

// TestGolden compares the emitted files with their golden copies. The
// runtime files (rt_*) are verbatim copies of rt/ and are not repeated here.
func TestGolden(t *testing.T) {
	for _, dir := range cases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var files []File
			for _, f := range renderCase(t, dir) {
				if !strings.HasPrefix(f.Name, "rt_") {
					files = append(files, f)
				}
			}
			golden := filepath.Join(dir, "golden")
			if *update {
				require.NoError(t, os.RemoveAll(golden))
				require.NoError(t, os.MkdirAll(golden, 0o755))
				for _, f := range files {
					require.NoError(t, os.WriteFile(filepath.Join(golden, f.Name+".golden"), f.Data, 0o644))
				}
				return
			}
			want, err := filepath.Glob(filepath.Join(golden, "*.golden"))
			require.NoError(t, err)
			var got []string
			for _, f := range files {
				got = append(got, filepath.Join(golden, f.Name+".golden"))
				data, err := os.ReadFile(filepath.Join(golden, f.Name+".golden"))
				require.NoError(t, err, "no golden file for %s; run go test ./templates -update", f.Name)
				assert.Equal(t, string(data), string(f.Data), "%s differs from its golden file (-want +got); run go test ./templates -update", f.Name)
			}
			assert.ElementsMatch(t, want, got, "golden files without a rendered file")
		})
	}
}

func TestHeaderAndPackage(t *testing.T) {
	for _, dir := range cases(t) {
		for _, f := range renderCase(t, dir) {
			assert.True(t, strings.HasSuffix(f.Name, Suffix), f.Name)
			lines := strings.SplitN(string(f.Data), "\n", 3)
			require.Len(t, lines, 3)
			assert.Equal(t, Header, lines[0], f.Name)
			assert.True(t, strings.HasPrefix(lines[1], "// Source: "), f.Name)
			file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, parser.ParseComments)
			require.NoError(t, err, f.Name)
			assert.True(t, ast.IsGenerated(file), "%s is not recognised as generated", f.Name)
			assert.Equal(t, filepath.Base(dir), file.Name.Name, f.Name)
			for _, imp := range file.Imports {
				assert.NotContains(t, imp.Path.Value, ".", "%s imports %s: generated code imports only the standard library", f.Name, imp.Path.Value)
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, dir := range cases(t) {
		a, b := renderCase(t, dir), renderCase(t, dir)
		assert.Equal(t, a, b)
	}
}

func TestOnlyDocFileHasPackageComment(t *testing.T) {
	for _, dir := range cases(t) {
		for _, f := range renderCase(t, dir) {
			file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, parser.ParseComments)
			require.NoError(t, err)
			if f.Name == "doc"+Suffix {
				require.NotNil(t, file.Doc, "doc file has no package comment")
				assert.True(t, strings.HasPrefix(file.Doc.Text(), "Package "), file.Doc.Text())
			} else {
				assert.Nil(t, file.Doc, "%s has a package comment", f.Name)
			}
		}
	}
}

// TestRuntimeFiles checks that every runtime source can be copied: it
// begins with the bare package clause, and declares nothing whose name an
// emitter might generate (request builders are new<Endpoint>Request).
func TestRuntimeFiles(t *testing.T) {
	names, err := filepath.Glob("rt/*_rt.go")
	require.NoError(t, err)
	require.NotEmpty(t, names)
	for _, name := range names {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		assert.True(t, bytes.HasPrefix(src, []byte("package rt\n")), "%s must begin with %q", name, "package rt\n")
		file, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
		require.NoError(t, err)
		for _, d := range file.Decls {
			for _, id := range declNames(d) {
				assert.False(t, strings.HasPrefix(id, "new") && strings.HasSuffix(id, "Request") && len(id) > len("newRequest"),
					"%s declares %s, which a request builder may be named", name, id)
			}
		}
	}
}

// TestRuntimeCopiedVerbatim checks that each runtime file reaches the
// generated package unchanged but for its header and package clause.
func TestRuntimeCopiedVerbatim(t *testing.T) {
	names, err := filepath.Glob("rt/*_rt.go")
	require.NoError(t, err)
	rendered := map[string][]byte{}
	for _, f := range renderCase(t, "testdata/minimal") {
		rendered[f.Name] = f.Data
	}
	for _, name := range names {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		out := "rt_" + strings.TrimSuffix(filepath.Base(name), "_rt.go") + Suffix
		_, ok := rendered[out]
		require.True(t, ok, "%s was not rendered from %s", out, name)
		want := Header + "\n// Source: clientgen runtime rt/" + filepath.Base(name) + ".\n\npackage minimal\n" + string(src[len("package rt\n"):])
		assert.Equal(t, want, string(rendered[out]), out)
	}
}

func declNames(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			return []string{d.Name.Name}
		}
	case *ast.GenDecl:
		var out []string
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				out = append(out, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					out = append(out, n.Name)
				}
			}
		}
		return out
	}
	return nil
}

// TestCompiles builds and vets each rendered case as a module of its own:
// the generated package needs nothing but the standard library.
func TestCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds packages")
	}
	for _, dir := range cases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			tmp := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(tmp, "go.mod"), []byte("module example.com/gen\n\ngo 1.24\n"), 0o644))
			for _, f := range renderCase(t, dir) {
				require.NoError(t, os.WriteFile(filepath.Join(tmp, f.Name), f.Data, 0o644))
			}
			cmd := exec.Command("go", "vet", "./...")
			cmd.Dir = tmp
			cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
			out, err := cmd.CombinedOutput()
			require.NoError(t, err, "go vet on the rendered %s package:\n%s", dir, out)
		})
	}
}

func TestDocSanitizes(t *testing.T) {
	got := docLines("a */ b\r\nc\u2028d\x00e\uFEFF `x` /* y")
	assert.Equal(t, []string{"a */ b", "c", "d e  `x` /* y"}, got)
	// ASCII that is not printable takes the long way
	assert.Equal(t, "a b", sanitize("a\x7fb"))
	assert.Equal(t, "a\nb", sanitize("a\rb"))
	assert.Equal(t, "a b", sanitize("a\x01b"))
	assert.Equal(t, "plain\ttext\nhere", sanitize("plain\ttext\nhere"))
	long := strings.Repeat("word ", 40)
	for _, l := range docLines(long) {
		assert.LessOrEqual(t, len(l), docWidth-3)
	}
}

// TestShardedRender renders a catalog larger than one file of each kind:
// the shards have stable names, declare every endpoint and type once,
// type-check together, and keep the two flavours in step.
func TestShardedRender(t *testing.T) {
	n := 2*shardEndpoints + 10
	m, err := spec.Parse("synthetic.yaml", synth.Catalog(n))
	require.NoError(t, err)
	require.Greater(t, len(m.Endpoints), 2*shardEndpoints)
	files, err := Render(m)
	require.NoError(t, err)
	names := map[string]bool{}
	var srcs [][]byte
	for _, f := range files {
		names[f.Name] = true
		srcs = append(srcs, f.Data)
	}
	for _, want := range []string{"client_gen.go", "client_2_gen.go", "client_3_gen.go", "client_4_gen.go", "async_gen.go", "async_4_gen.go"} {
		assert.True(t, names[want], "no %s", want)
	}
	assert.False(t, names["client_5_gen.go"])
	assert.Empty(t, checkParity(t, m, srcs...))
	typeCheck(t, m.Client.Package, files)
}
