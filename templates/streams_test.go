package templates

import (
	"os"
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
	out := runLeakCheckedModule(t, m, string(harness))
	assert.Contains(t, out, "--- PASS: TestGeneratedStreams")
	assert.Contains(t, out, "--- PASS: TestGeneratedStreamsCloseTheConnection")
	assert.Contains(t, out, "--- PASS: TestGeneratedStreamsEventDataIsTheCallers")
	assert.NotContains(t, out, "--- FAIL")
	t.Log(out)
}
