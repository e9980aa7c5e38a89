package templates

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A required body that can be nil (a pointer, slice, map or
// json.RawMessage) is marked so that the runtime refuses a nil one unsent;
// an optional one is not; a scalar body is always sent (and compiles: the
// shapes module is built by TestCodecDifferential).
func TestRequestBuilderBodies(t *testing.T) {
	src := renderFile(t, loadCatalog(t, shapesCatalog), "client"+Suffix)
	builder := func(name string) string {
		m := regexp.MustCompile(`(?s)func ` + name + `\(.*?\n}\n`).FindString(src)
		require.NotEmpty(t, m, "%s not rendered", name)
		return m
	}
	for _, name := range []string{"newEchoShapesRequest", "newEchoAnysRequest"} {
		b := builder(name)
		assert.Contains(t, b, "bodyRequired: true", name)
		assert.Contains(t, b, "if body != nil {\n\t\tr.body = body\n\t}", name)
	}
	text := builder("newEchoTextRequest")
	assert.Contains(t, text, "(body string) *request {\n\treturn &request{")
	assert.Contains(t, text, "body: body")
	assert.NotContains(t, text, "bodyRequired")
	assert.NotContains(t, text, "!= nil")
	when := builder("newEchoWhenRequest")
	assert.Contains(t, when, "body: body")
	assert.NotContains(t, when, "bodyRequired")
}
