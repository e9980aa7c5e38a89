package spec

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDeepTypeExpression checks that a type expression nested millions of
// levels deep is refused with one positioned error, without exhausting the
// stack, and that the deepest accepted expression loads.
func TestDeepTypeExpression(t *testing.T) {
	deep := strings.Repeat("[]", 5_000_000) + "string"
	got := parseErrors(t, y(cl, "endpoints:", "  a: {method: GET, path: /a, response: '"+deep+"'}"))
	assert.Equal(t, []string{`t.yaml:3:40: endpoint "a": response: type expression nests 5000000 lists and maps (at most 32); name the inner type: declare an object type under types with a field of the inner expression, and use its name here`}, got)

	limit := strings.Repeat("map[string][]", MaxTypeDepth/2) + "string"
	m, err := Parse("t.yaml", []byte(y(cl, "endpoints:", "  a: {method: GET, path: /a, response: '"+limit+"'}")))
	if assert.NoError(t, err) {
		depth := 0
		for r := m.Endpoints[0].Response; r.Elem != nil; r = r.Elem {
			depth++
		}
		assert.Equal(t, MaxTypeDepth, depth)
	}
}
