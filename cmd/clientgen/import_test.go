package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// TestImportWritesALoadableCatalogThenGenerates is the README's path from
// an OpenAPI document to a client: import, then generate from the catalog.
func TestImportWritesALoadableCatalogThenGenerates(t *testing.T) {
	dir := t.TempDir()
	catalog := filepath.Join(dir, "api.yaml")
	code, _, stderr := runCmd(t, "import", "-openapi", "../../openapi/testdata/fixtures/openapi30.yaml", "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	_, err := spec.Load(catalog)
	require.NoError(t, err)

	first, err := os.ReadFile(catalog)
	require.NoError(t, err)
	code, _, stderr = runCmd(t, "import", "-openapi", "../../openapi/testdata/fixtures/openapi30.yaml", "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	again, err := os.ReadFile(catalog)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(again), "the same document gives the same catalog")

	out := filepath.Join(dir, "client")
	code, _, stderr = runCmd(t, "-spec", catalog, "-out", out)
	require.Equal(t, 0, code, stderr)
	assert.NotEmpty(t, dirFiles(t, out))
}

// A catalog that import did not write (a hand-written one) is never
// replaced, and nothing is written when the document is invalid.
func TestImportNeverReplacesAHandCatalog(t *testing.T) {
	dir := t.TempDir()
	catalog := filepath.Join(dir, "api.yaml")
	hand := "# my own catalog\nclient: {name: T, package: t, base_url: 'http://x'}\nendpoints: {}\n"
	require.NoError(t, os.WriteFile(catalog, []byte(hand), 0o644))
	code, _, stderr := runCmd(t, "import", "-openapi", "../../openapi/testdata/fixtures/openapi30.yaml", "-spec", catalog)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, stderr, catalog)
	got, err := os.ReadFile(catalog)
	require.NoError(t, err)
	assert.Equal(t, hand, string(got))

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("openapi: 3.0.0\npaths: [\n"), 0o644))
	fresh := filepath.Join(dir, "fresh.yaml")
	code, _, stderr = runCmd(t, "import", "-openapi", bad, "-spec", fresh)
	assert.NotEqual(t, 0, code)
	assert.True(t, strings.Contains(stderr, "bad.yaml:"), "a positioned error: %s", stderr)
	_, err = os.Stat(fresh)
	assert.True(t, os.IsNotExist(err), "nothing written")
}

// A catalog that import wrote and the user then edited is re-imported:
// the hand edits stay, and stderr summarises what changed.
func TestReimportKeepsHandEditsAndSummarises(t *testing.T) {
	dir := t.TempDir()
	catalog := filepath.Join(dir, "api.yaml")
	doc := filepath.Join(dir, "api.json")
	v1 := `{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://t.example.com"}],
 "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
 "components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "string"}}}}}}`
	require.NoError(t, os.WriteFile(doc, []byte(v1), 0o644))
	code, _, stderr := runCmd(t, "import", "-openapi", doc, "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, catalog+": imported 1 endpoints and 1 types\n")

	data, err := os.ReadFile(catalog)
	require.NoError(t, err)
	hand := strings.Replace(string(data), "    path: /a\n", "    path: /a\n    timeout: 3s\n", 1)
	require.NotEqual(t, string(data), hand)
	require.NoError(t, os.WriteFile(catalog, []byte(hand), 0o644))

	v2 := strings.Replace(v1, `"/a": {`, `"/b": {"delete": {"operationId": "dropB", "responses": {"204": {"description": "gone"}}}}, "/a": {`, 1)
	require.NoError(t, os.WriteFile(doc, []byte(v2), 0o644))
	code, _, stderr = runCmd(t, "import", "-openapi", doc, "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, catalog+": endpoint added: drop_b (DELETE /b)\n")
	assert.Contains(t, stderr, catalog+": endpoints: 1 added, 0 removed, 0 changed; types: 0 added, 0 removed, 0 changed\n")
	got, err := os.ReadFile(catalog)
	require.NoError(t, err)
	assert.Contains(t, string(got), "    timeout: 3s\n")
	assert.Contains(t, string(got), "  drop_b:\n")
	_, err = spec.Load(catalog)
	require.NoError(t, err)
}

// A catalog that import wrote and an editor on Windows saved, with a byte
// order mark and CRLF line ends, is re-imported as the same catalog: the
// command reads its header, and writes it back with LF.
func TestReimportOfAWindowsFile(t *testing.T) {
	dir := t.TempDir()
	doc := "../../openapi/testdata/fixtures/openapi30.yaml"
	catalog := filepath.Join(dir, "api.yaml")
	code, _, stderr := runCmd(t, "import", "-openapi", doc, "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	want, err := os.ReadFile(catalog)
	require.NoError(t, err)
	windows := "\ufeff" + strings.ReplaceAll(string(want), "\n", "\r\n")
	require.NoError(t, os.WriteFile(catalog, []byte(windows), 0o644))
	code, _, stderr = runCmd(t, "import", "-openapi", doc, "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stderr, "no endpoint or type changed")
	got, err := os.ReadFile(catalog)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

// TestReimportRefusesABrokenCatalog: a catalog import wrote and a hand
// edit broke (not YAML, a second document, a section of the wrong kind)
// gives one positioned error, and the file is left as it is, bytes and
// modification time.
func TestReimportRefusesABrokenCatalog(t *testing.T) {
	dir := t.TempDir()
	doc := "../../openapi/testdata/fixtures/openapi30.yaml"
	catalog := filepath.Join(dir, "api.yaml")
	code, _, stderr := runCmd(t, "import", "-openapi", doc, "-spec", catalog)
	require.Equal(t, 0, code, stderr)
	good, err := os.ReadFile(catalog)
	require.NoError(t, err)
	text := string(good)
	lineOf := func(s string) int { return strings.Count(text[:strings.Index(text, s)], "\n") + 1 }
	typesLine, endpointsLine, clientLine := lineOf("\ntypes:")+1, lineOf("\nendpoints:")+1, lineOf("\nclient:")+1
	section := func(key, with string) string {
		i := strings.Index(text, "\n"+key+":") + 1
		j := i + strings.Index(text[i+1:], "\n") + 1
		for j+1 < len(text) && (text[j+1] == ' ' || text[j+1] == '#') {
			j += strings.Index(text[j+1:], "\n") + 1
		}
		return text[:i] + key + ":" + with + text[j:]
	}
	tests := []struct {
		name, catalog, want string
	}{
		{"not YAML", strings.Replace(text, "\ntypes:\n", "\ntypes: [\n", 1), "invalid YAML"},
		{"types a list", section("types", "\n  - A\n  - B"), fmt.Sprintf("api.yaml:%d:3: types: want a mapping, got a list", typesLine+1)},
		{"endpoints a list", text[:strings.Index(text, "\nendpoints:")+1] + "endpoints:\n  - a\n", fmt.Sprintf("api.yaml:%d:3: endpoints: want a mapping, got a list", endpointsLine+1)},
		{"client a scalar", section("client", " 5"), fmt.Sprintf("api.yaml:%d:9: client: want a mapping, got a scalar", clientLine)},
		{"a second document", text + "---\nclient: {}\n", "a second YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.NoError(t, os.WriteFile(catalog, []byte(tt.catalog), 0o644))
			old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
			require.NoError(t, os.Chtimes(catalog, old, old))
			code, _, stderr := runCmd(t, "import", "-openapi", doc, "-spec", catalog)
			assert.Equal(t, 1, code)
			assert.Contains(t, stderr, tt.want)
			assert.Regexp(t, `api\.yaml:\d+:\d+: `, stderr, "a positioned error")
			got, err := os.ReadFile(catalog)
			require.NoError(t, err)
			assert.Equal(t, tt.catalog, string(got), "the catalog is left as it is")
			fi, err := os.Stat(catalog)
			require.NoError(t, err)
			assert.True(t, fi.ModTime().Equal(old), "the catalog is not rewritten")
		})
	}
}
