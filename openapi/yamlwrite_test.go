package openapi

import (
	"bytes"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/clientgen/clientgen/bench/synth"
	"github.com/clientgen/clientgen/spec"
)

// encoded is every tree encodeYAML wrote during this package's tests,
// checked against yaml.v3's encoder by TestMain.
var encoded struct {
	sync.Mutex
	trees []*yaml.Node
	fast  []bool
	diffs []string
}

// TestMain has every catalog the tests import or merge checked: the text
// encodeYAML wrote must be yaml.v3's, and the catalog loader's verdict on
// the tree the same as on the text.
func TestMain(m *testing.M) {
	encodeHook = func(doc *yaml.Node, text []byte, fast bool) {
		want, err := referenceDoc(doc)
		encoded.Lock()
		defer encoded.Unlock()
		encoded.trees = append(encoded.trees, doc.Content[0])
		encoded.fast = append(encoded.fast, fast)
		if err != nil || !bytes.Equal(text, want) {
			encoded.diffs = append(encoded.diffs, fmt.Sprintf("encodeYAML (fast %v) differs from yaml.v3 (error %v):\n%s", fast, err, firstDifference(text, want)))
		}
		if d := loaderVerdicts(doc, text); d != "" {
			encoded.diffs = append(encoded.diffs, d)
		}
	}
	code := m.Run()
	if testing.Verbose() {
		direct := 0
		for _, f := range encoded.fast {
			if f {
				direct++
			}
		}
		fmt.Printf("encodeYAML wrote %d catalogs, %d of them directly\n", len(encoded.trees), direct)
	}
	if len(encoded.diffs) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d of the %d catalogs the tests wrote differ from yaml.v3's encoding:\n%s\n", len(encoded.diffs), len(encoded.trees), strings.Join(encoded.diffs, "\n"))
		code = 1
	}
	os.Exit(code)
}

// loaderVerdicts says how the catalog loader's verdicts on a written tree
// (spec.ParseNode, which import's check uses) and on its text (spec.Parse,
// which generating uses) differ, or "" when they are the same: the same
// model, or both refused.
func loaderVerdicts(doc *yaml.Node, text []byte) string {
	fromTree, terr := spec.ParseNode("c.yaml", doc)
	fromText, xerr := spec.Parse("c.yaml", text)
	switch {
	case (terr == nil) != (xerr == nil):
		return fmt.Sprintf("the loader's verdicts differ: on the tree %v, on its text %v:\n%s", terr, xerr, text)
	case terr == nil && !reflect.DeepEqual(fromTree, fromText):
		return fmt.Sprintf("the loader's models of a tree and of its text differ:\n%s", text)
	}
	return ""
}

// referenceYAML is yaml.v3's encoding of the document whose content is
// root, with an indent of 2; a panic of the encoder is an error.
func referenceYAML(root *yaml.Node) ([]byte, error) {
	return referenceDoc(document(root))
}

// referenceDoc is yaml.v3's encoding of the document doc, with an indent
// of 2; a panic of the encoder is an error.
func referenceDoc(doc *yaml.Node) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml.v3 panics: %v", r)
		}
	}()
	return encoderYAML(doc)
}

// firstDifference shows the lines around where got and want part.
func firstDifference(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, bytes.LastIndexByte(got[:i], '\n'))
	from = max(0, bytes.LastIndexByte(got[:from], '\n'))
	end := func(b []byte) int { return min(len(b), i+200) }
	return fmt.Sprintf("at byte %d\ngot:  %q\nwant: %q", i, got[from:end(got)], want[from:end(want)])
}

// checkWriter compares the direct writer with yaml.v3 on root and says
// whether the direct writer wrote it (when it does not, encodeYAML hands
// the tree to yaml.v3).
func checkWriter(t *testing.T, name string, root *yaml.Node) bool {
	t.Helper()
	want, err := referenceYAML(root)
	got, fast := appendYAML([]byte("prefix\n"), root)
	if !fast {
		return false
	}
	if !bytes.HasPrefix(got, []byte("prefix\n")) {
		t.Fatalf("%s: the writer lost what it appends to", name)
	}
	if got = got[len("prefix\n"):]; err != nil || !bytes.Equal(got, want) {
		t.Errorf("%s: the writer differs from yaml.v3 (error %v):\n%s\ntree:\n%s", name, err, firstDifference(got, want), dumpTree(root, ""))
	}
	return true
}

// dumpTree shows a tree's nodes with what decides how they are written.
func dumpTree(n *yaml.Node, indent string) string {
	s := fmt.Sprintf("%skind %d tag %q style %d value %q head %q line %q foot %q anchor %q\n", indent, n.Kind, n.Tag, n.Style, n.Value, n.HeadComment, n.LineComment, n.FootComment, n.Anchor)
	for _, c := range n.Content {
		s += dumpTree(c, indent+"  ")
	}
	return s
}

// captureTrees runs f and returns the trees encodeYAML wrote meanwhile,
// with whether the direct writer wrote each.
func captureTrees(f func()) (trees []*yaml.Node, fast []bool) {
	encoded.Lock()
	from := len(encoded.trees)
	encoded.Unlock()
	f()
	encoded.Lock()
	defer encoded.Unlock()
	return encoded.trees[from:], encoded.fast[from:]
}

// TestYAMLWriterOnImportedCatalogs: the trees import and re-import write
// for the fixtures, KTRDR's document and a synthetic one are written by
// the direct writer, byte for byte as yaml.v3 writes them.
func TestYAMLWriterOnImportedCatalogs(t *testing.T) {
	docs, _ := filepath.Glob("testdata/fixtures/*")
	docs = append(docs, "testdata/ktrdr-openapi.json")
	var catalogs [][]byte
	for _, doc := range docs {
		trees, fast := captureTrees(func() { catalogs = append(catalogs, importFile(t, doc).Catalog) })
		if len(trees) != 1 || !fast[0] {
			t.Fatalf("%s: import wrote %d trees, direct %v; want one, written directly", doc, len(trees), fast)
		}
		checkWriter(t, doc, trees[0])
	}
	trees, fast := captureTrees(func() {
		r, err := Import(synth.OpenAPI(3), Options{Doc: "synthetic.json"})
		if err != nil {
			t.Fatal(err)
		}
		catalogs = append(catalogs, r.Catalog)
	})
	if len(trees) != 1 || !fast[0] {
		t.Fatalf("synthetic: import wrote %d trees, direct %v", len(trees), fast)
	}
	checkWriter(t, "synthetic", trees[0])

	// Re-import over the catalog itself, and over a hand-edited one (from
	// the text alone: one tree each).
	clear(imported)
	for i, c := range catalogs {
		trees, fast := captureTrees(func() { merge(t, c, c) })
		if len(trees) != 1 || !fast[0] {
			t.Fatalf("re-import %d: wrote %d trees, direct %v", i, len(trees), fast)
		}
		checkWriter(t, fmt.Sprintf("re-import %d", i), trees[0])
	}
	v1 := string(importText(t, petsV1))
	hand := edit(t, v1,
		"types:\n", "types:\n  # Written by hand.\n  #\n  # Two paragraphs.\n  Extra:\n    description: |\n      Lines\n        kept.\n    fields:\n      a: {type: string, description: \"x\\ny\"}  # trailing\n",
		"  list_pets:\n", "  # Lists a page of pets.\n  pets:\n",
		"    response: '[]Pet'\n", "    response: '[]Pet'\n    timeout: 2s # per attempt\n    max_retries: 1\n",
	)
	v2 := importText(t, petsV2)
	// (merged from the text and from the tree: two trees)
	trees, fast = captureTrees(func() { merge(t, []byte(hand), v2) })
	if len(trees) != 2 || slices.Contains(fast, false) {
		t.Fatalf("re-import over hand edits: wrote %d trees, direct %v", len(trees), fast)
	}
	checkWriter(t, "hand-edited re-import", trees[0])
}

// TestYAMLWriterOnParsedCatalogs: every catalog of the repository, parsed
// by yaml.v3 (with its styles and comments), is written as yaml.v3 writes
// it; each again without foot comments, which send a tree to yaml.v3.
func TestYAMLWriterOnParsedCatalogs(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/golden/*.yaml", "../spec/*.yaml", "../spec/testdata/*.yaml", "../examples/*/*.yaml", "ktrdrimport/*.yaml", "../bench/catalog.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d catalogs: %v", len(files), files)
	}
	direct := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		root := doc.Content[0]
		checkWriter(t, f, root)
		dropFootComments(root)
		if checkWriter(t, f+" without foot comments", root) {
			direct++
		}
	}
	t.Logf("the direct writer wrote %d of the %d catalogs without foot comments", direct, len(files))
	if direct < len(files)*3/4 {
		t.Errorf("the direct writer wrote only %d of the %d catalogs without foot comments", direct, len(files))
	}
}

func dropFootComments(n *yaml.Node) {
	n.FootComment = ""
	for _, c := range n.Content {
		dropFootComments(c)
	}
}

// hostileScalars are values whose quoting is easy to get wrong.
var hostileScalars = []string{
	"", " ", "  ", " a", "a ", "a  b", "#", "#a", "a#b", "a #b", "a# b", ": ", ":", "a:", "a:b", "a: b", "::",
	"-", "- a", "-a", "--", "---", "--- a", "...", "....", "?", "? a", "?a", "a?", "'", "''", "\"", "it's", `say "hi"`,
	"\n", "\n\n", "a\nb", "a\n", "a\n\n", "\na", "\n a", " a\nb", "a \nb", "a\n b", "a\n\nb", "a\n\n\n", "line\nend \n",
	" lead\nnext\nlast", "\n\tx\ny\nz", "x\n y\nz\n", "x\n\ty\nz", "x\n  y\n\nz",
	"\t", "a\tb", "\ta", "a\t", "a\r\nb", "a\rb", "\r", "é", "日本語", "😀 emoji", "a\u0085b", "\u2028", "a\u2028b", "a\u2029", "a\u00a0b",
	"\x00", "a\x07b", "\x1b[0m", "\x7f", "\ufeffbom", "a\ufeff", "\ufffe", "\uffff", "\U0010FFFF", "\ue000", "\ud7ff", "\\", `a\b`,
	"true", "True", "TRUE", "tRUE", "false", "yes", "Yes", "no", "NO", "on", "On", "off", "y", "Y", "n", "N",
	"null", "Null", "NULL", "nULL", "~", "~a", "0", "1", "-1", "+1", "-", "+", "1.5", ".5", "5.", "-.5", "1e3", "1E-3", "1e", "1_000", "_1",
	"0x1F", "0X1f", "0o17", "0O17", "0b101", "-0b101", "-0o17", "0b", "0o", "0755", "08", "1__0", "9223372036854775808", "18446744073709551616",
	"-9223372036854775809", ".inf", "-.inf", "+.INF", ".NaN", ".nan.", "inf", "NaN", ".", "..", ".e1", "1.2.3",
	"2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43Z", "2001-12-14 21:59:43.10", "2001-1-2", "20011-12-14", "2001-13-45",
	"12:30", "1:2:3", "<<", "=", "[a]", "{a}", "a,b", "a]", "a}", "&a", "*a", "!a", "!!str", "|", "|-", ">", "%", "@", "`", "a%",
	"[]string", "map[string]any", "*/", "//go:generate rm -rf /", "https://example.com/a?b=c#d", "application/json; charset=utf-8",
	strings.Repeat("long words ", 30), strings.Repeat("x", 128), strings.Repeat("y", 129), strings.Repeat("é", 70), "Deprecated.\n\nUse the other.",
}

// hostileComments are head and line comments.
var hostileComments = []string{
	"# c", "c", "#c", "#", "# a\n# b", "a\nb", "# a\n\n# b", "# import: from the document", "# trailing\n", "\n# lead",
	"# é 日本", "# x\r\n# y", "# a\u2028b", "#  two  spaces", "# tab\there", "# " + strings.Repeat("z", 200),
}

// treeGen builds random trees of what catalogs have (block and flow
// mappings, flow lists, block lists, comments, tags that fit); with
// unusual set, also of what sends a tree to yaml.v3 (anchors, tags that do
// not fit, folded scalars, foot comments, long or multi-line keys).
type treeGen struct {
	r        *rand.Rand
	scalars  []string
	comments []string
	unusual  bool
}

func (g *treeGen) pick(s []string) string { return s[g.r.Intn(len(s))] }

func (g *treeGen) pick2(s []*yaml.Node) *yaml.Node { return s[g.r.Intn(len(s))] }

func (g *treeGen) scalar(key bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: g.pick(g.scalars)}
	for key && !g.unusual && (len(n.Value) > 128 || strings.ContainsAny(n.Value, "\r\n\u0085\u2028\u2029")) {
		n.Value = g.pick(g.scalars)
	}
	switch g.r.Intn(8) {
	case 0:
		n.Tag = ""
	case 1:
		n.Tag = resolvedTag(n.Value)
	case 2:
		if g.unusual {
			n.Tag = g.pick([]string{"!!int", "!!float", "!!bool", "!!null", "tag:yaml.org,2002:str", "!!timestamp", "!custom"})
		}
	}
	switch g.r.Intn(10) {
	case 0:
		n.Style = yaml.SingleQuotedStyle
	case 1:
		n.Style = yaml.DoubleQuotedStyle
	case 2:
		n.Style = yaml.LiteralStyle
	case 3:
		n.Style = yaml.FoldedStyle
	case 4:
		n.Style = yaml.FlowStyle
	case 5:
		if g.unusual {
			n.Style = []yaml.Style{yaml.TaggedStyle, yaml.SingleQuotedStyle | yaml.DoubleQuotedStyle, yaml.LiteralStyle | yaml.FoldedStyle}[g.r.Intn(3)]
		}
	}
	if g.unusual && g.r.Intn(40) == 0 {
		n.Anchor = "a"
	}
	return n
}

// collection gives a mapping or sequence the tags it may have, and with
// unusual set anchors and tags of other kinds.
func (g *treeGen) collection(n *yaml.Node, own string) {
	switch g.r.Intn(30) {
	case 0:
		n.Tag = ""
	case 1:
		n.Tag = "tag:yaml.org,2002:" + own
	case 2:
		if g.unusual {
			n.Tag = g.pick([]string{"!custom", "!!set", "!!omap", "!!str"})
		}
	case 3:
		if g.unusual {
			n.Style |= yaml.TaggedStyle
		}
	case 4:
		if g.unusual {
			n.Anchor = "c"
		}
	default:
		n.Tag = "!!" + own
	}
}

func (g *treeGen) mapping(depth int, flow bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	if flow {
		n.Style = yaml.FlowStyle
	}
	g.collection(n, "map")
	for range g.r.Intn(5) {
		k := g.scalar(true)
		if (!flow || g.unusual) && g.r.Intn(3) == 0 {
			k.HeadComment = g.pick(g.comments)
		}
		if (!flow || g.unusual) && g.r.Intn(8) == 0 {
			k.LineComment = g.pick(g.comments)
		}
		if g.unusual && g.r.Intn(60) == 0 {
			k.FootComment = g.pick(g.comments)
		}
		n.Content = append(n.Content, k, g.node(depth+1, flow))
	}
	return n
}

func (g *treeGen) node(depth int, flow bool) *yaml.Node {
	choice := g.r.Intn(10)
	if depth > 3 {
		choice = 0
	}
	var n *yaml.Node
	switch {
	case choice < 5:
		n = g.scalar(false)
	case choice < 7:
		n = g.mapping(depth, flow || g.r.Intn(3) == 0)
	case choice < 9 || !g.unusual:
		n = &yaml.Node{Kind: yaml.SequenceNode}
		if flow || g.r.Intn(3) != 0 {
			n.Style = yaml.FlowStyle
		}
		g.collection(n, "seq")
		for range g.r.Intn(4) {
			n.Content = append(n.Content, g.node(depth+1, n.Style&yaml.FlowStyle != 0))
		}
	default:
		// what a catalog never has
		n = g.pick2([]*yaml.Node{{Kind: yaml.AliasNode, Value: "a"}, {}, {Kind: yaml.DocumentNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "d"}}}})
	}
	// a line comment after a value, and with unusual set after a block
	// collection or inside a flow one
	if g.r.Intn(6) == 0 && (g.unusual || !flow && (n.Kind == yaml.ScalarNode || n.Style == yaml.FlowStyle || len(n.Content) == 0)) {
		n.LineComment = g.pick(g.comments)
	}
	return n
}

// root is a non-empty block mapping, as every catalog's is.
func (g *treeGen) root() *yaml.Node {
	for {
		if n := g.mapping(0, false); len(n.Content) > 0 {
			return n
		}
	}
}

// TestYAMLWriterOnRandomTrees compares the writer with yaml.v3 on random
// trees of hostile scalars and comments.
func TestYAMLWriterOnRandomTrees(t *testing.T) {
	g := &treeGen{r: rand.New(rand.NewSource(1)), scalars: hostileScalars, comments: hostileComments}
	n := 20000
	if testing.Short() {
		n = 2000
	}
	direct := 0
	for i := range n {
		g.unusual = i%4 == 0
		if checkWriter(t, fmt.Sprintf("tree %d", i), g.root()) {
			direct++
		}
		if t.Failed() {
			break
		}
	}
	t.Logf("the direct writer wrote %d of %d trees", direct, n)
	if direct < n/2 {
		t.Errorf("the direct writer wrote only %d of %d trees", direct, n)
	}
}

// TestYAMLWriterScalars puts each hostile scalar in each place of a
// catalog, with each style it may be asked for.
func TestYAMLWriterScalars(t *testing.T) {
	for _, s := range hostileScalars {
		for _, style := range []yaml.Style{0, yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle, yaml.LiteralStyle, yaml.FoldedStyle} {
			for _, tag := range []string{"!!str", ""} {
				name := fmt.Sprintf("%q style %d tag %q", s, style, tag)
				// as values only, every tree is written directly
				if !checkWriter(t, name, scalarPlaces(s, tag, style, false)) {
					t.Errorf("%s: not written directly", name)
				}
				checkWriter(t, name+" as keys", scalarPlaces(s, tag, style, true))
			}
		}
	}
}

// scalarPlaces is a tree with s as a block value, a flow value, a list
// item, and a value under a comment and before one; with asKey, also as a
// block and a flow key.
func scalarPlaces(s, tag string, style yaml.Style, asKey bool) *yaml.Node {
	sc := func() *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Style: style, Value: s} }
	key := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	flow := &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle, Content: []*yaml.Node{key("k"), sc()}}
	list := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, Content: []*yaml.Node{sc(), key("b"), sc()}}
	block := &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{sc(), key("b")}}
	inner := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key("v"), sc(), key("flow"), flow, key("list"), list, key("block"), block}}
	if asKey {
		flow.Content = append(flow.Content, sc(), key("v"))
		inner.Content = append(inner.Content, sc(), sc())
	}
	commented := key("commented")
	commented.HeadComment = "# above"
	after := sc()
	after.LineComment = "# after"
	return &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{key("value"), sc(), key("inner"), inner, commented, after, key("last"), sc()}}
}

// FuzzYAMLWriter compares the writer with yaml.v3 on random trees whose
// scalars and comments include the fuzzer's strings.
func FuzzYAMLWriter(f *testing.F) {
	f.Add(int64(1), "a: b", "# c", "x\ny")
	f.Add(int64(2), "", "\n", "'\"")
	f.Add(int64(3), "true", "#", " lead")
	f.Fuzz(func(t *testing.T, seed int64, a, b, c string) {
		g := &treeGen{r: rand.New(rand.NewSource(seed)), scalars: append([]string{a, b, c, a + b, b + c}, hostileScalars...), comments: append([]string{a, b, c}, hostileComments...)}
		for i := range 20 {
			g.unusual = i%4 == 0
			checkWriter(t, fmt.Sprintf("tree %d", i), g.root())
		}
		for _, style := range []yaml.Style{0, yaml.SingleQuotedStyle, yaml.DoubleQuotedStyle, yaml.LiteralStyle, yaml.FoldedStyle} {
			checkWriter(t, "places", scalarPlaces(a+b, "!!str", style, false))
			checkWriter(t, "places as keys", scalarPlaces(c, "", style, true))
		}
	})
}

// BenchmarkYAMLWriter writes the catalog of a synthetic document of 2,000
// operations, directly and with yaml.v3's encoder.
func BenchmarkYAMLWriter(b *testing.B) {
	var root *yaml.Node
	trees, _ := captureTrees(func() {
		if _, err := Import(synth.OpenAPI(400), Options{Doc: "synthetic.json"}); err != nil {
			b.Fatal(err)
		}
	})
	root = trees[0]
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			if _, ok := appendYAML(make([]byte, 0, 11<<20), root); !ok {
				b.Fatal("not written directly")
			}
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		for b.Loop() {
			if _, err := referenceYAML(root); err != nil {
				b.Fatal(err)
			}
		}
	})
}
