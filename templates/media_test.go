package templates

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// TestMediaBehaviour renders testdata/media into a module of its own and
// runs testdata/media/behaviour_test.go in it: non-JSON bodies and
// responses against httptest servers, on both flavours.
func TestMediaBehaviour(t *testing.T) {
	runBehaviour(t, "media", "TestBehaviourStream")
}

// runBehaviour renders testdata/<name>/endpoints.yaml into a module of its
// own with testdata/<name>/behaviour_test.go as its test, vets it, runs its
// Behaviour tests with the race detector, and checks that each of passes
// ran and passed.
func runBehaviour(t *testing.T, name string, passes ...string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	m, err := spec.Load(filepath.Join("testdata", name, "endpoints.yaml"))
	require.NoError(t, err)
	src, err := os.ReadFile(filepath.Join("testdata", name, "behaviour_test.go"))
	require.NoError(t, err)
	runBehaviourOf(t, m, string(src), passes...)
}

// runBehaviourOf renders m into a module of its own with the test source
// src, vets it, and runs its Behaviour tests, which must include passes.
func runBehaviourOf(t *testing.T, m *spec.Model, src string, passes ...string) {
	t.Helper()
	dir := writeModule(t, m, src)
	goIn(t, dir, "vet", ".")
	out := goIn(t, dir, "test", "-race", "-count=1", "-v", "-run", "Behaviour", ".")
	for _, p := range passes {
		assert.Contains(t, out, "--- PASS: "+p)
	}
	t.Log(out)
}
