package templates

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// TestStreamsGenerated renders testdata/streams (one streaming endpoint
// per kind) into a module of its own, with testdata/streams/harness_test.go.txt
// as its test, and runs it: both clients read server-sent events and
// NDJSON, reconnect, and close the connection when the loop is left;
// goleak guards every test of the module.
func TestStreamsGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	m, err := spec.Load("testdata/streams/endpoints.yaml")
	require.NoError(t, err)
	harness, err := os.ReadFile("testdata/streams/harness_test.go.txt")
	require.NoError(t, err)
	dir := writeModule(t, m, string(harness))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/gen\n\ngo 1.24\n\nrequire go.uber.org/goleak v1.3.0\n"), 0o644))
	goIn(t, dir, "mod", "tidy")
	goIn(t, dir, "vet", ".")
	out := goIn(t, dir, "test", "-race", "-count=1", "-v", ".")
	assert.Contains(t, out, "--- PASS: TestGeneratedStreams")
	assert.Contains(t, out, "--- PASS: TestGeneratedStreamsCloseTheConnection")
	assert.Contains(t, out, "--- PASS: TestGeneratedStreamsEventDataIsTheCallers")
	assert.NotContains(t, out, "--- FAIL")
	t.Log(out)
}
