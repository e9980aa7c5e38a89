package openapi

import (
	"os"
	"testing"
)

func importFile(t *testing.T, path string) *Result {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Import(data, Options{Doc: path, BaseDir: "testdata"})
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return r
}

func TestTry(t *testing.T) {
	for _, f := range []string{"testdata/pet2.yaml", "testdata/pet30.yaml", "testdata/ktrdr-openapi.json"} {
		r := importFile(t, f)
		for _, w := range r.Warnings {
			t.Log(w.Format(f))
		}
		if os.Getenv("SHOW") != "" {
			t.Logf("%s", r.Catalog)
		}
	}
}
