package spec

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// enumBomb is a catalog of one anchored enum of values values reused by
// types types: small to write, values × types nodes to walk.
func enumBomb(values, types int) string {
	lines := []string{cl, "types:"}
	vals := make([]string, values)
	for i := range vals {
		vals[i] = fmt.Sprintf("v%d", i)
	}
	lines = append(lines, "  E0: {enum: &big ["+strings.Join(vals, ", ")+"]}")
	for i := 1; i < types; i++ {
		lines = append(lines, fmt.Sprintf("  E%d: {enum: *big}", i))
	}
	return y(append(lines, "endpoints: {}")...)
}

// TestAliasExpansionBounded checks that aliases cannot make a small file
// expand into a huge catalog: the repeated-enum shape and nested aliases
// ("billion laughs") are refused at the alias that goes over the budget,
// quickly, and a value that contains its own alias is refused.
func TestAliasExpansionBounded(t *testing.T) {
	start := time.Now()
	got := parseErrors(t, enumBomb(1000, 200))
	// Each alias adds the sequence and its 1,000 values; the 100th goes
	// over 100,000.
	assert.Equal(t, []string{`t.yaml:103:16: alias *big: aliases expand the catalog by more than 100000 nodes (this one adds 1001); write the repeated values out, or use fewer aliases of large values`}, got)

	laughs := []string{cl, "types:", "  T0: {enum: &l0 [a, b, c, d, e, f, g, h, i, j]}"}
	for i := 1; i <= 9; i++ {
		laughs = append(laughs, fmt.Sprintf("  T%d: {enum: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]}", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1))
	}
	got = parseErrors(t, y(append(laughs, "endpoints: {}")...))
	assert.Equal(t, []string{`t.yaml:7:54: alias *l3: aliases expand the catalog by more than 100000 nodes (this one adds 11111); write the repeated values out, or use fewer aliases of large values`}, got)
	assert.Less(t, time.Since(start), 2*time.Second)

	got = parseErrors(t, y(cl, "types:", "  T: &t {fields: {a: {type: string}}, enum: [*t]}", "endpoints: {}"))
	assert.Equal(t, []string{`t.yaml:3:46: alias *t is used inside the value it names; a value cannot contain itself`}, got)

	// Below the budget, aliases work as before.
	_, err := Parse("t.yaml", []byte(enumBomb(100, 50)))
	assert.NoError(t, err)
}

// TestDeepYAML checks that YAML nested as deep as yaml.v3 allows, in every
// place the loader walks, gives errors and no stack overflow, and that a
// chain of aliases each nesting the previous is refused.
func TestDeepYAML(t *testing.T) {
	const depth = 9_000 // yaml.v3 refuses 10,000
	seq := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	mapping := strings.Repeat("{a: ", depth) + "x" + strings.Repeat("}", depth)
	for _, deep := range []string{seq, mapping} {
		for _, src := range []string{
			y(cl, "endpoints: "+deep),
			y(cl, "types: "+deep, "endpoints: {}"),
			y(cl, "types:", "  T: {fields: "+deep+"}", "endpoints: {}"),
			y(cl, "types:", "  T: {fields: {a: {type: "+deep+"}}}", "endpoints: {}"),
			y(cl, "types:", "  T: {enum: "+deep+"}", "endpoints: {}"),
			y(cl, "endpoints:", "  a: {method: GET, path: /a, query: "+deep+"}"),
			y("client: {name: T, package: t, base_url: 'http://x', retry: "+deep+"}", "endpoints: {}"),
			y(cl, "endpoints: {}", "operations: "+deep),
			y(deep),
		} {
			m, err := Parse("t.yaml", []byte(src))
			assert.Nil(t, m)
			assert.Error(t, err)
		}
	}

	chain := []string{cl, "x:", "  - &a0 [x]"}
	for i := 1; i < 2_000; i++ {
		chain = append(chain, fmt.Sprintf("  - &a%d [*a%d, *a%d]", i, i-1, i-1))
	}
	got := parseErrors(t, y(append(chain, "endpoints: {}")...))
	assert.Len(t, got, 1)
	assert.Contains(t, got[0], "aliases expand the catalog by more than 100000 nodes")
}

// TestQuotedEnumValuesLoad checks that the quoted forms the enum errors
// ask for are accepted.
func TestQuotedEnumValuesLoad(t *testing.T) {
	m, err := Parse("t.yaml", []byte(y(cl, "types:", `  T1: {enum: ['1', "2", 'on', "yes", 'true', x1]}`, "endpoints: {}")))
	require.NoError(t, err)
	var got []string
	for _, v := range m.Types[0].Enum {
		got = append(got, v.Value)
	}
	assert.Equal(t, []string{"1", "2", "on", "yes", "true", "x1"}, got)
}
