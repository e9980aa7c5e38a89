package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Load reads the catalog file at path and returns its resolved model; see
// Parse. A file that cannot be read is reported as the wrapped os error.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	return Parse(path, data)
}

// Parse validates the catalog in data and returns its resolved model. It
// reads no file: filename only names the catalog in errors and becomes
// Model.Source. When anything is wrong, Parse returns a nil model and an
// ErrorList holding every problem, sorted by position.
func Parse(filename string, data []byte) (*Model, error) {
	l := newLoader(filename)
	return l.model(l.document(data))
}

// ParseNode validates the catalog whose YAML document (a DocumentNode
// holding one mapping, as yaml.v3 decodes a file) is doc, as Parse does
// with the catalog's text. It is for programs that build the tree
// themselves, as OpenAPI import does: it skips reading YAML text, and
// errors are positioned by the nodes' Line and Column (none when they are
// 0). Nodes are read by Kind, Tag, Style and Value, as yaml.v3 would set
// them decoding the text that yaml.v3 encodes from doc.
func ParseNode(filename string, doc *yaml.Node) (*Model, error) {
	l := newLoader(filename)
	var root *yaml.Node
	switch {
	case doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) != 1:
		l.errorf(&yaml.Node{}, "the catalog is not one YAML document (want a mapping with the keys client, types, endpoints and operations)")
	default:
		root = doc.Content[0]
	}
	return l.model(root)
}

func newLoader(filename string) *loader {
	return &loader{
		file:      filename,
		types:     map[string]*Type{},
		enumTypes: map[*Type]bool{},
		allOf:     map[*Type]allOfDecl{},
		fieldKeys: map[*Field]*yaml.Node{},
	}
}

// model walks the root mapping of a catalog (nil after an error) into its
// resolved model.
func (l *loader) model(root *yaml.Node) (*Model, error) {
	filename := l.file
	if root != nil && !l.checkAliases(root) {
		root = nil
	}
	var m *Model
	if root != nil {
		m = l.catalog(root)
	}
	if len(l.errs) > 0 {
		return nil, l.errs.sorted()
	}
	m.Source = filename
	return m, nil
}

// document parses data as exactly one YAML document and returns its root.
func (l *loader) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.errs = append(l.errs, &Error{File: l.file, Line: 1, Col: 1,
				Msg: "the catalog is empty (want a mapping with the keys client, types, endpoints and operations)"})
		} else {
			l.yamlError(err, data)
		}
		return nil
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		l.yamlError(err, data)
		return nil
	default:
		pos := &extra
		if len(extra.Content) > 0 {
			pos = extra.Content[0]
		}
		l.errorf(pos, "a second YAML document (want one document: remove the --- separator)")
		return nil
	}
	if len(doc.Content) == 0 {
		l.errorf(&doc, "the catalog is empty (want a mapping with the keys client, types, endpoints and operations)")
		return nil
	}
	return doc.Content[0]
}

// yamlError records a YAML syntax error at the line it names. yaml.v3
// reports no column, counts the lines of parser (as opposed to scanner)
// errors from 0, and leaves the line out when it is the first.
func (l *loader) yamlError(err error, data []byte) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{File: l.file, Line: 1, Col: 1}
	lineRE := regexp.MustCompile(`^line (\d+): (.*)$`)
	anchorRE := regexp.MustCompile(`^unknown anchor '(.*)' referenced$`)
	switch m := lineRE.FindStringSubmatch(msg); {
	case m != nil:
		e.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if yamlParserError(msg) {
			e.Line++
		}
	case anchorRE.MatchString(msg):
		alias := "*" + anchorRE.FindStringSubmatch(msg)[1]
		if i := bytes.Index(data, []byte(alias)); i >= 0 {
			e.Line = bytes.Count(data[:i], []byte("\n")) + 1
			e.Col = i - (bytes.LastIndexByte(data[:i], '\n') + 1) + 1
		}
	case strings.HasPrefix(msg, "document contains excessive aliasing"):
		e.Line, e.Col = 0, 0
	}
	e.Msg = "invalid YAML: " + msg
	l.errs = append(l.errs, e)
}

// yamlParserError reports whether msg is one of libyaml's parser errors,
// whose lines yaml.v3 reports from 0.
func yamlParserError(msg string) bool {
	switch msg {
	case "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"did not find expected '-' indicator", "did not find expected <document start>",
		"did not find expected <stream-start>", "did not find expected key",
		"did not find expected node content", "found duplicate %TAG directive",
		"found duplicate %YAML directive", "found incompatible YAML document",
		"found undefined tag handle":
		return true
	}
	return false
}

// catalog walks the root mapping.
func (l *loader) catalog(root *yaml.Node) *Model {
	top := l.keyed(root, nil, "", topKeys())
	if top == nil {
		return nil
	}
	m := &Model{}
	l.declareTypes(top.get("types"), top.keyNode("types"))
	if n := top.get("client"); n != nil {
		m.Client = l.client(n, top.keyNode("client"))
	}
	m.Types = l.defineTypes()
	if n := top.get("operations"); n != nil {
		m.Operations = l.operations(n, top.keyNode("operations"))
	}
	if n := top.get("endpoints"); n != nil {
		m.Endpoints = l.endpoints(n, top.keyNode("endpoints"), m.Operations != nil)
	}
	l.checkRecursion(m.Types)
	l.checkPackageNames()
	sort.Slice(m.Types, func(i, j int) bool { return m.Types[i].GoName < m.Types[j].GoName })
	sort.Slice(m.Endpoints, func(i, j int) bool { return m.Endpoints[i].GoName < m.Endpoints[j].GoName })
	return m
}

// topKeys are the keys of the catalog's root mapping; catalog reads them,
// in the order their meanings depend on each other.
func topKeys() []key {
	return []key{
		{name: "client", required: true},
		{name: "types"},
		{name: "endpoints", required: true},
		{name: "operations"},
	}
}

// singleLine checks that s has no control characters (it goes into a
// header, a path or a one-line comment).
func (l *loader) singleLine(n *yaml.Node, ctx, key, s string) bool {
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		l.errorf(n, "%s%s must be one line without control characters, got %q", at(ctx), key, s)
		return false
	}
	return true
}

// line returns a non-empty single-line string.
func (l *loader) line(n *yaml.Node, ctx, key string) (string, bool) {
	s, ok := l.nonEmpty(n, ctx, key)
	if ok && !l.singleLine(n, ctx, key, s) {
		return "", false
	}
	return s, ok
}

// dottedPath checks a dotted JSON path such as "data.operation_id".
func (l *loader) dottedPath(n *yaml.Node, ctx, key, s string) bool {
	for _, seg := range strings.Split(s, ".") {
		if seg == "" || strings.ContainsFunc(seg, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
			l.errorf(n, "%sbad %s path %q (want dot-separated JSON keys such as data.operation_id)", at(ctx), key, s)
			return false
		}
	}
	return true
}

// pathList returns a list of dotted JSON paths.
func (l *loader) pathList(n *yaml.Node, ctx, key string, nonEmptyList bool) []string {
	nodes, list, ok := l.strList(n, ctx, key, nonEmptyList)
	for i, s := range list {
		if !l.dottedPath(nodes[i], ctx, key, s) {
			ok = false
		}
	}
	if !ok {
		return nil
	}
	if list == nil {
		list = []string{}
	}
	return list
}

// description returns the description under key "description" as written,
// with surrounding blank space removed.
func (m *mapNode) description() string {
	n := m.get("description")
	if n == nil {
		return ""
	}
	s, _ := m.l.str(n, m.ctx, "description")
	return s
}
