package spec

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// unpositioned decodes src as yaml.v3 does and clears what a program
// building the tree would not set: positions and comments. It returns nil
// when src is not one YAML document.
func unpositioned(t *testing.T, src []byte) *yaml.Node {
	t.Helper()
	var doc, second yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&doc); err != nil || doc.Kind != yaml.DocumentNode || dec.Decode(&second) != io.EOF {
		return nil // not one YAML document: only Parse can say so
	}
	seen := map[*yaml.Node]bool{}
	var clear func(n *yaml.Node)
	clear = func(n *yaml.Node) {
		if n == nil || seen[n] {
			return
		}
		seen[n] = true
		n.Line, n.Column = 0, 0
		n.HeadComment, n.LineComment, n.FootComment = "", "", ""
		for _, c := range n.Content {
			clear(c)
		}
		clear(n.Alias)
	}
	clear(&doc)
	return &doc
}

// sameVerdict checks that ParseNode on src's tree without positions
// agrees with Parse on src: the same model, or as many problems. (Their
// messages may differ: of two colliding names, the one reported is the
// later by position.)
func sameVerdict(t *testing.T, name string, src []byte) {
	t.Helper()
	doc := unpositioned(t, src)
	if doc == nil {
		return
	}
	want, werr := Parse(name, src)
	got, gerr := ParseNode(name, doc)
	if werr == nil {
		require.NoError(t, gerr, "Parse loads %s, ParseNode does not", name)
		assert.Equal(t, want, got, "%s: ParseNode's model differs from Parse's", name)
		return
	}
	require.Error(t, gerr, "Parse refuses %s (%v), ParseNode does not", name, werr)
	assert.Len(t, gerr.(ErrorList), len(werr.(ErrorList)), "%s: ParseNode finds %v, Parse %v", name, gerr, werr)
}

// TestParseNodeMatchesParse loads every catalog of the repository both
// ways.
func TestParseNodeMatchesParse(t *testing.T) {
	var files []string
	for _, pat := range []string{"endpoints.yaml", "testdata/*.yaml", "../templates/testdata/*/endpoints.yaml",
		"../examples/*/*.yaml", "../openapi/testdata/golden/*.yaml", "../openapi/ktrdrimport/*.yaml",
		"../cmd/clientgen/testdata/consumer/*.yaml", "../bench/*.yaml"} {
		m, err := filepath.Glob(pat)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.GreaterOrEqual(t, len(files), 15)
	for _, f := range files {
		src := readFile(t, f)
		sameVerdict(t, f, src)
	}
}

// TestParseNodeSameProblems loads every catalog of the validator's table
// both ways.
func TestParseNodeSameProblems(t *testing.T) {
	for _, c := range validationCases() {
		t.Run(c.name, func(t *testing.T) { sameVerdict(t, "t.yaml", []byte(c.src)) })
	}
}

func TestParseNodeRefusesWhatIsNotADocument(t *testing.T) {
	for _, doc := range []*yaml.Node{nil, {Kind: yaml.MappingNode}, {Kind: yaml.DocumentNode}} {
		_, err := ParseNode("t.yaml", doc)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "t.yaml: the catalog is not one YAML document")
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return b
}
