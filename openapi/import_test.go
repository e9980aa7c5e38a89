package openapi

import (
	"bytes"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/spec"
	"github.com/clientgen/clientgen/templates"
)

var update = flag.Bool("update", false, "rewrite the golden catalogs in testdata")

func importFile(t *testing.T, path string) *Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Import(data, Options{Doc: filepath.ToSlash(path), BaseDir: filepath.Dir(path)})
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	imported[string(r.Catalog)] = r
	return r
}

// imported holds the latest Result of each catalog the tests imported,
// by its text, so that mergeBoth can merge from its tree too. (The
// package's tests do not run in parallel.)
var imported = map[string]*Result{}

// mergeBoth merges fresh into old from fresh's text (Merge), and, when
// the tests imported fresh, from the tree it was written from (Result.Merge,
// the command's way): both must give the same catalog, summary and error.
func mergeBoth(t *testing.T, name string, old, fresh []byte) ([]byte, *Summary, error) {
	t.Helper()
	out, sum, err := Merge(name, old, fresh)
	r := imported[string(fresh)]
	if r == nil || r.doc == nil {
		return out, sum, err
	}
	delete(imported, string(fresh))
	tout, tsum, terr := r.Merge(name, old)
	if fmt.Sprint(err) != fmt.Sprint(terr) {
		t.Errorf("merging from the tree: error %v, from the text: %v", terr, err)
	}
	if !bytes.Equal(out, tout) {
		t.Errorf("merging from the tree gives\n%s\nfrom the text\n%s", tout, out)
	}
	if (sum == nil) != (tsum == nil) || sum != nil && !slices.Equal(sum.Lines(), tsum.Lines()) {
		t.Errorf("merging from the tree sums up %v, from the text %v", tsum, sum)
	}
	return out, sum, err
}

// buildAndVet renders the catalog into a module of its own and runs go vet.
func buildAndVet(t *testing.T, name string, catalog []byte) {
	t.Helper()
	dir := newModule(t)
	renderInto(t, dir, name, catalog)
	goIn(t, dir, "vet", "./...")
}

// newModule makes an empty module, example.com/gen, to render into.
func newModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), []byte("module example.com/gen\n\ngo 1.24\n"))
	return dir
}

// renderInto writes the package the catalog generates into dir.
func renderInto(t *testing.T, dir, name string, catalog []byte) {
	t.Helper()
	m, err := spec.Parse(name, catalog)
	if err != nil {
		t.Fatalf("catalog does not load: %v", err)
	}
	files, err := templates.Render(m)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	for _, f := range files {
		writeFile(t, filepath.Join(dir, f.Name), f.Data)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// goIn runs the go command in dir and returns its output.
func goIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s of the generated package: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// routes lists "METHOD /base/path/{}" for every endpoint of m.
func routes(t *testing.T, m *spec.Model) map[string]bool {
	u, err := url.Parse(m.Client.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range m.Endpoints {
		out[e.Method+" "+routeKey(u.Path+e.Path)] = true
	}
	return out
}

// TestKTRDR imports KTRDR's OpenAPI 3.1 document: the catalog loads,
// renders and vets, covers every endpoint of the hand catalog, and a second
// import is byte-identical.
func TestKTRDR(t *testing.T) {
	const doc = "testdata/ktrdr-openapi.json"
	r := importFile(t, doc)
	if again := importFile(t, doc); !bytes.Equal(r.Catalog, again.Catalog) {
		t.Fatal("a second import of the same document differs")
	}
	got, err := spec.Parse("ktrdr.yaml", r.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	hand, err := spec.Load("../spec/endpoints.yaml")
	if err != nil {
		t.Fatal(err)
	}
	have := routes(t, got)
	for route := range routes(t, hand) {
		if !have[route] {
			t.Errorf("the hand catalog's %s is not in the imported catalog", route)
		}
	}
	if len(got.Endpoints) != 65 {
		t.Errorf("imported %d endpoints, want the document's 65 operations", len(got.Endpoints))
	}
	if !bytes.Contains(r.Catalog, []byte("message: [error.message]")) {
		t.Error("the shared error envelope did not set client.errors.message")
	}
	if testing.Short() {
		t.Skip("builds the generated package")
	}
	buildAndVet(t, "ktrdr.yaml", r.Catalog)
}

// TestGolden imports the small fixtures of each version and compares the
// catalog and the warnings with testdata/golden (go test -update rewrites them).
func TestGolden(t *testing.T) {
	docs, _ := filepath.Glob("testdata/fixtures/*")
	if len(docs) == 0 {
		t.Fatal("no fixtures")
	}
	for _, doc := range docs {
		t.Run(filepath.Base(doc), func(t *testing.T) {
			r := importFile(t, doc)
			var warn strings.Builder
			for _, w := range r.Warnings {
				warn.WriteString(w.Format(filepath.ToSlash(doc)) + "\n")
			}
			got := append(append([]byte{}, r.Catalog...), []byte("# --- warnings ---\n# "+strings.ReplaceAll(strings.TrimSuffix(warn.String(), "\n"), "\n", "\n# ")+"\n")...)
			golden := filepath.Join("testdata/golden", strings.TrimSuffix(filepath.Base(doc), filepath.Ext(doc))+".yaml")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (go test -update rewrites it):\n%s", doc, golden, got)
			}
			if !testing.Short() {
				buildAndVet(t, golden, r.Catalog)
			}
		})
	}
}
