package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/templates"
)

const petstore = "../../templates/testdata/petstore/endpoints.yaml"

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func dirFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return got
	}
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			got[e.Name()] = "<directory>"
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		got[e.Name()] = string(data)
	}
	return got
}

// TestGeneratedIsFresh renders the default catalog in memory and compares
// it byte for byte with the checked-in generated/ package.
func TestGeneratedIsFresh(t *testing.T) {
	t.Chdir("../..")
	code, stdout, stderr := runCmd(t, "-check")
	assert.Equal(t, 0, code, "generated/ is stale; run go run ./cmd/clientgen\n%s%s", stdout, stderr)
}

func TestWriteThenCheck(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	code, _, stderr := runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code, stderr)
	files := dirFiles(t, out)
	require.NotEmpty(t, files)
	for name, data := range files {
		assert.True(t, strings.HasSuffix(name, templates.Suffix), name)
		assert.True(t, strings.HasPrefix(data, templates.Header+"\n"), name)
	}
	code, stdout, stderr := runCmd(t, "-spec", petstore, "-out", out, "-check")
	assert.Equal(t, 0, code, stdout+stderr)
	assert.Empty(t, stdout)
}

func TestCheckReportsStaleWithDiffAndWritesNothing(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	code, _, stderr := runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code, stderr)

	client := filepath.Join(out, "client"+templates.Suffix)
	data, err := os.ReadFile(client)
	require.NoError(t, err)
	edited := strings.Replace(string(data), "func (c *Client) GetPet(", "func (c *Client) GetPetEdited(", 1)
	require.NotEqual(t, string(data), edited)
	require.NoError(t, os.WriteFile(client, []byte(edited), 0o644))
	require.NoError(t, os.Remove(filepath.Join(out, "types"+templates.Suffix)))
	stale := filepath.Join(out, "old"+templates.Suffix)
	require.NoError(t, os.WriteFile(stale, []byte(templates.Header+"\n\npackage petstore\n"), 0o644))
	before := dirFiles(t, out)

	code, stdout, stderr := runCmd(t, "-spec", petstore, "-out", out, "-check")
	assert.Equal(t, 1, code)
	assert.Contains(t, stdout, client+": differs")
	assert.Contains(t, stdout, "-func (c *Client) GetPetEdited(")
	assert.Contains(t, stdout, "+func (c *Client) GetPet(")
	assert.Contains(t, stdout, filepath.Join(out, "types"+templates.Suffix)+": missing")
	assert.Contains(t, stdout, stale+": no longer generated")
	assert.Contains(t, stderr, "is stale")
	assert.Equal(t, before, dirFiles(t, out), "-check wrote to the output directory")
}

func TestWriteOnlyChangedFilesAndRemoveOnlyOwnedStaleFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	code, _, stderr := runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code, stderr)

	// Age every file, then change one: only that one may be rewritten.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for name := range dirFiles(t, out) {
		require.NoError(t, os.Chtimes(filepath.Join(out, name), old, old))
	}
	client := filepath.Join(out, "client"+templates.Suffix)
	require.NoError(t, os.WriteFile(client, []byte(templates.Header+"\n// edited\n"), 0o644))
	require.NoError(t, os.Chtimes(client, old, old))
	owned := filepath.Join(out, "gone"+templates.Suffix)
	require.NoError(t, os.WriteFile(owned, []byte(templates.Header+"\n\npackage petstore\n"), 0o644))
	handWritten := filepath.Join(out, "mine"+templates.Suffix)
	require.NoError(t, os.WriteFile(handWritten, []byte("package petstore\n"), 0o644))
	other := filepath.Join(out, "helpers.go")
	require.NoError(t, os.WriteFile(other, []byte(templates.Header+"\n\npackage petstore\n"), 0o644))

	code, _, stderr = runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code, stderr)

	for name := range dirFiles(t, out) {
		st, err := os.Stat(filepath.Join(out, name))
		require.NoError(t, err)
		switch name {
		case "client" + templates.Suffix:
			assert.True(t, st.ModTime().After(old), "changed file was not rewritten")
		case "mine" + templates.Suffix, "helpers.go":
		default:
			assert.Equal(t, old, st.ModTime().UTC(), "%s was rewritten though unchanged", name)
		}
		assert.False(t, strings.HasSuffix(name, ".tmp"), "temporary file %s left behind", name)
	}
	assert.NoFileExists(t, owned, "stale generated file was not removed")
	assert.FileExists(t, handWritten, "a _gen.go file without the header was removed")
	assert.FileExists(t, other, "a file without the _gen.go suffix was removed")

	code, stdout, stderr := runCmd(t, "-spec", petstore, "-out", out, "-check")
	assert.Equal(t, 0, code, stdout+stderr)
}

func TestBrokenCatalogWritesNothing(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.yaml")
	require.NoError(t, os.WriteFile(broken, []byte(`client:
  name: X
  package: x
  base_url: http://localhost
endpoints:
  get_thing:
    method: FETCH
    path: /things/{id}
`), 0o644))
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runCmd(t, "-spec", broken, "-out", out)
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, filepath.ToSlash(broken)+":7:13: ")
	assert.Contains(t, stderr, `"FETCH"`)
	assert.Contains(t, stderr, filepath.ToSlash(broken)+":8:11: ")
	assert.NoDirExists(t, out)

	// With an existing package, nothing in it changes either.
	code, _, _ = runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code)
	before := dirFiles(t, out)
	code, _, _ = runCmd(t, "-spec", broken, "-out", out)
	assert.Equal(t, 1, code)
	assert.Equal(t, before, dirFiles(t, out))
}

func TestMissingCatalog(t *testing.T) {
	code, _, stderr := runCmd(t, "-spec", filepath.Join(t.TempDir(), "nope.yaml"), "-out", t.TempDir())
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "nope.yaml")
}

func TestPackageFlag(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	code, _, stderr := runCmd(t, "-spec", petstore, "-out", out, "-package", "animals")
	require.Equal(t, 0, code, stderr)
	for name, data := range dirFiles(t, out) {
		assert.Contains(t, data, "\npackage animals\n", name)
	}
	// The flag is checked as the catalog's client.package is.
	for pkg, why := range map[string]string{
		"func":   "is a Go keyword",
		"main":   "cannot be main (the client must be importable)",
		"_":      "is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)",
		"Pets":   "is not a lower-case Go identifier (want a-z, 0-9 and _, starting with a letter)",
		"string": "is a predeclared Go identifier",
	} {
		out := filepath.Join(t.TempDir(), "out")
		code, _, stderr = runCmd(t, "-spec", petstore, "-out", out, "-package", pkg)
		assert.Equal(t, 2, code, pkg)
		assert.Equal(t, "clientgen: -package "+strconv.Quote(pkg)+" "+why+"\n", stderr)
		assert.NoDirExists(t, out)
	}
}

func TestUsage(t *testing.T) {
	code, _, stderr := runCmd(t, "-nope")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "-nope")
	code, _, stderr = runCmd(t, "extra")
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "unexpected arguments")
	code, _, _ = runCmd(t, "-h")
	assert.Equal(t, 0, code)
}

func TestUnifiedDiff(t *testing.T) {
	old := "a\nb\nc\nd\ne\nf\ng\nh\n"
	new := "a\nb\nc\nd\nE\nf\ng\nh\n"
	got := unifiedDiff("x.go", old, new, 40)
	assert.Equal(t, "--- x.go (on disk)\n+++ x.go (generated)\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", got)
	long := unifiedDiff("x.go", strings.Repeat("x\n", 100), strings.Repeat("y\n", 100), 10)
	assert.Contains(t, long, "... (190 more lines; -100 +100 in all)")
}

// TestWriteFailureLeavesOutputUntouched makes one target unwritable (a
// directory stands where a file goes): clientgen fails before it renames
// anything into place, and leaves no temporary file behind.
func TestWriteFailureLeavesOutputUntouched(t *testing.T) {
	out := filepath.Join(t.TempDir(), "pets")
	code, _, stderr := runCmd(t, "-spec", petstore, "-out", out)
	require.Equal(t, 0, code, stderr)
	client := filepath.Join(out, "client"+templates.Suffix)
	require.NoError(t, os.WriteFile(client, []byte(templates.Header+"\n// stale\n"), 0o644))
	types := filepath.Join(out, "types"+templates.Suffix)
	require.NoError(t, os.Remove(types))
	require.NoError(t, os.Mkdir(types, 0o755))
	before := dirFiles(t, out)

	code, _, stderr = runCmd(t, "-spec", petstore, "-out", out)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, types+" is not a regular file")
	assert.Equal(t, before, dirFiles(t, out))
}
