package templates

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// TestQueryBehaviour renders testdata/query into a module of its own and
// runs testdata/query/behaviour_test.go in it: the query string each style
// sends, and what a server reads from it, on both flavours.
func TestQueryBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	m, err := spec.Load("testdata/query/endpoints.yaml")
	require.NoError(t, err)
	src, err := os.ReadFile("testdata/query/behaviour_test.go")
	require.NoError(t, err)
	dir := writeModule(t, m, string(src))
	goIn(t, dir, "vet", ".")
	out := goIn(t, dir, "test", "-race", "-count=1", "-v", "-run", "Behaviour", ".")
	assert.Contains(t, out, "--- PASS: TestBehaviourQueryStyles")
	assert.Contains(t, out, "--- PASS: TestBehaviourRequiredQueryStyles")
	t.Log(out)
}
