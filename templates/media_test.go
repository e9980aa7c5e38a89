package templates

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// TestMediaBehaviour renders testdata/media into a module of its own and
// runs testdata/media/behaviour_test.go in it: non-JSON bodies and
// responses against httptest servers, on both flavours.
func TestMediaBehaviour(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	m, err := spec.Load("testdata/media/endpoints.yaml")
	require.NoError(t, err)
	src, err := os.ReadFile("testdata/media/behaviour_test.go")
	require.NoError(t, err)
	dir := writeModule(t, m, string(src))
	goIn(t, dir, "vet", ".")
	out := goIn(t, dir, "test", "-race", "-count=1", "-v", "-run", "Behaviour", ".")
	assert.Contains(t, out, "--- PASS: TestBehaviourStream")
	t.Log(out)
}
