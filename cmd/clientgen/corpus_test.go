package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// corpusEnv names the directory of the npm package @readme/oas-examples
// (`make test-corpus` installs it and sets the variable).
const corpusEnv = "CLIENTGEN_OAS_CORPUS"

// corpusCannot lists the documents of the corpus that cannot become a
// client, with why (docs/import.md repeats the table). Each must still
// fail; one that imports is an error, so that the list stays true.
var corpusCannot = map[string]string{}

// TestCorpus imports every OpenAPI and Swagger document of
// @readme/oas-examples, generates its client the normal way (`clientgen
// import`, then `clientgen -spec`), and runs go vet and go build on all of
// them, in one module with a package per document.
func TestCorpus(t *testing.T) {
	root := os.Getenv(corpusEnv)
	if root == "" {
		t.Skipf("%s is not set: `make test-corpus` installs npm @readme/oas-examples into a scratch directory and runs this test", corpusEnv)
	}
	if _, err := os.Stat(root); err != nil {
		t.Skipf("%s=%s: %v (run `make test-corpus`)", corpusEnv, root, err)
	}
	docs := corpusDocs(t, root)
	if len(docs) == 0 {
		t.Fatalf("%s=%s holds no OpenAPI or Swagger document", corpusEnv, root)
	}
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/corpus\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{} // catalog (without its first line) → first document
	pkgDir := map[string]string{}
	built := 0
	for i, rel := range docs {
		why, cannot := corpusCannot[rel]
		doc := filepath.Join(root, rel)
		catalog := filepath.Join(t.TempDir(), "catalog.yaml")
		code, _, stderr := runCmd(t, "import", "-openapi", doc, "-spec", catalog)
		if cannot {
			if code == 0 {
				t.Errorf("%s imports now; remove it from corpusCannot (%s) and from docs/import.md", rel, why)
			}
			continue
		}
		if code != 0 {
			t.Errorf("import %s failed:\n%s", rel, stderr)
			continue
		}
		data, err := os.ReadFile(catalog)
		if err != nil {
			t.Fatal(err)
		}
		body := string(data[bytes.IndexByte(data, '\n')+1:])
		if first, dup := seen[body]; dup {
			t.Logf("%s: the same catalog as %s", rel, first)
			continue
		}
		seen[body] = rel
		dir := filepath.Join(mod, fmt.Sprintf("p%03d", i))
		code, _, stderr = runCmd(t, "-spec", catalog, "-out", dir)
		if code != 0 {
			t.Errorf("generate %s failed:\n%s", rel, stderr)
			continue
		}
		pkgDir["./"+filepath.Base(dir)] = rel
		built++
	}
	t.Logf("%d documents, %d distinct clients, %d listed as impossible", len(docs), built, len(corpusCannot))
	for _, args := range [][]string{{"vet", "./..."}, {"build", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			msg := string(out)
			for d, rel := range pkgDir { // name the documents
				msg = strings.ReplaceAll(msg, d+"/", rel+" → "+d+"/")
			}
			t.Errorf("go %s of the generated packages: %v\n%s", strings.Join(args, " "), err, msg)
		}
	}
}

// corpusDocs lists the OpenAPI and Swagger documents under root (JSON or
// YAML files whose top level has an openapi or swagger key), relative to
// root, sorted.
func corpusDocs(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "node_modules" || d.Name() == "test" {
				return filepath.SkipDir
			}
			return nil
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".json", ".yaml", ".yml":
		default:
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var top map[string]any
		if yaml.Unmarshal(data, &top) != nil {
			return nil
		}
		if _, ok := top["openapi"]; !ok {
			if _, ok := top["swagger"]; !ok {
				return nil
			}
		}
		rel, _ := filepath.Rel(root, path)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}
