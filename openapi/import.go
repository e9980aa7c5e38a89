package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	"github.com/pb33f/libopenapi/index"
	outyaml "gopkg.in/yaml.v3"

	"github.com/clientgen/clientgen/spec"
)

// Options control an import.
type Options struct {
	// Doc names the document in warnings, errors and the catalog's header.
	Doc string
	// BaseDir is the directory relative $refs to other local files are
	// resolved against; empty allows no file references.
	BaseDir string
	// Package is the Go package name; default: derived from info.title.
	Package string
}

// Result is an import's catalog text and its warnings, in document order.
type Result struct {
	Catalog  []byte
	Warnings []Warning

	// doc is the YAML document Catalog was written from, until Merge
	// takes it.
	doc *outyaml.Node
}

// Header is the first line of every catalog that import writes; the
// command overwrites a catalog only when it starts with it.
const Header = "# Imported by clientgen import from "

// Import maps the document in data to a catalog. An invalid document, or
// one whose catalog would not load, gives an *ErrorList and no catalog.
func Import(data []byte, opt Options) (*Result, error) {
	if opt.Doc == "" {
		opt.Doc = "openapi"
	}
	cfg := &datamodel.DocumentConfiguration{
		IgnorePolymorphicCircularReferences: true,
		IgnoreArrayCircularReferences:       true,
		// The index's lists of descriptions, summaries, enums and paths
		// serve linters; the mapping reads the models. Without them an
		// 11.3 MB document's import peaks at about 300 MiB instead of 370.
		SkipMetadataCollection: true,
		// the library's log lines repeat the errors it returns, which are
		// reported positioned instead
		Logger: slog.New(slog.DiscardHandler),
	}
	if opt.BaseDir != "" {
		cfg.BasePath = opt.BaseDir
		cfg.AllowFileReferences = true
	}
	m := &mapper{opt: opt, cat: &catalog{}, named: map[string]*ctype{}, collapsed: map[string]collapsed{}, inlining: map[string]bool{}, inlined: map[string]inlinedRef{}, typeNames: map[string]bool{}, byName: map[string]*ctype{}, routes: map[string]bool{}, epNames: map[string]bool{}}
	// A JSON document that encoding/json finds valid needs no syntax check
	// of its own: a full YAML parse of a 10 MB document costs a fifth of
	// the import. Anything else is checked first, and a document libopenapi
	// refuses is checked then, so that a syntax error is still positioned.
	if !jsonObject(data) {
		if err := checkSyntax(data); err != nil {
			return nil, &ErrorList{Doc: opt.Doc, List: []Error{*err}}
		}
	}
	doc, err := libopenapi.NewDocumentWithConfiguration(data, cfg)
	if err != nil {
		if err := checkSyntax(data); err != nil {
			return nil, &ErrorList{Doc: opt.Doc, List: []Error{*err}}
		}
		return nil, &ErrorList{Doc: opt.Doc, List: []Error{{Msg: "not an OpenAPI or Swagger document: " + oneLine(err.Error()), Pointer: "#"}}}
	}
	info := doc.GetSpecInfo()
	// The reader's own tree of the document positions errors: parsing it
	// again would cost as much as the rest of the import.
	tree := info.RootNode
	if tree == nil || tree.Kind != yaml.DocumentNode || len(tree.Content) == 0 {
		return nil, &ErrorList{Doc: opt.Doc, List: []Error{{Pointer: "#", Msg: "the document is not a mapping (want an OpenAPI or Swagger object)"}}}
	}
	m.tree = tree
	if errs := checkStructure(tree); len(errs) > 0 {
		return nil, &ErrorList{Doc: opt.Doc, List: errs}
	}
	switch {
	case info.SpecType == "swagger" || strings.HasPrefix(info.Version, "2"):
		model, err := doc.BuildV2Model()
		if model == nil {
			return nil, m.buildErrors(err)
		}
		if err != nil && !onlyCircular(err) {
			return nil, m.buildErrors(err)
		}
		m.rolodex = rolodexOf(doc)
		m.v2(&model.Model)
	case strings.HasPrefix(info.Version, "3.0") || strings.HasPrefix(info.Version, "3.1"):
		model, err := doc.BuildV3Model()
		if model == nil {
			return nil, m.buildErrors(err)
		}
		if err != nil && !onlyCircular(err) {
			return nil, m.buildErrors(err)
		}
		m.rolodex = rolodexOf(doc)
		m.v3(&model.Model)
	default:
		e := Error{Pointer: "#", Msg: fmt.Sprintf("unsupported version %q (want Swagger 2.0, OpenAPI 3.0 or 3.1)", info.Version)}
		if root := tree.Content[0]; root.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(root.Content); i += 2 {
				if k := root.Content[i].Value; k == "openapi" || k == "swagger" {
					e.Line, e.Col = root.Content[i+1].Line, root.Content[i+1].Column
				}
			}
		}
		return nil, &ErrorList{Doc: opt.Doc, List: []Error{e}}
	}
	if len(m.errs) > 0 {
		return nil, &ErrorList{Doc: opt.Doc, List: m.errs}
	}
	m.finish()
	// The document's tree, and through it the reader's models, are no
	// longer needed: the collector may take them while the catalog is
	// written and checked.
	m.tree, m.rolodex, m.files = nil, nil, nil
	out, catDoc, err := m.emit(len(data))
	if err != nil {
		return nil, err
	}
	if err := checkCatalog(opt.Doc+".catalog.yaml", catDoc, out); err != nil {
		return nil, fmt.Errorf("%s: the imported catalog does not load (an importer bug; please report it with the document):\n%w", opt.Doc, err)
	}
	return &Result{Catalog: out, Warnings: m.warnings, doc: catDoc}, nil
}

// checkCatalog loads the catalog that import or a merge wrote, from the
// tree it was written from: the loader then reads no YAML text, which
// would cost two fifths of the import of a large document. yaml.v3 reads
// text back as that tree (the tests hold encodeYAML to yaml.v3's encoder,
// and the loader to the same verdict on text and tree). A catalog that
// does not load is loaded again from its text, for errors positioned in
// it.
func checkCatalog(name string, doc *outyaml.Node, text []byte) error {
	_, err := spec.ParseNode(name, doc)
	if err == nil {
		return nil
	}
	if _, terr := spec.Parse(name, text); terr != nil {
		return terr
	}
	return err
}

// rolodexOf is the reader's set of files of a built model, when the
// document's $refs read any.
func rolodexOf(doc libopenapi.Document) *index.Rolodex {
	if r := doc.GetRolodex(); r != nil && len(r.GetIndexes()) > 0 {
		return r
	}
	return nil
}

// jsonObject reports whether data is valid JSON whose top value is an
// object: YAML that checkSyntax accepts as a mapping.
func jsonObject(data []byte) bool {
	t := bytes.TrimLeft(data, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(t)
}

// checkSyntax parses data as YAML (JSON is YAML) and positions a syntax error.
func checkSyntax(data []byte) *Error {
	var n yaml.Node
	err := yaml.Unmarshal(data, &n)
	if err == nil {
		if len(n.Content) == 0 || n.Content[0].Kind != yaml.MappingNode {
			return &Error{Pointer: "#", Msg: "the document is not a mapping (want an OpenAPI or Swagger object)"}
		}
		return nil
	}
	msg := err.Error()
	if m := yamlPosRE.FindStringSubmatch(msg); m != nil {
		var line, col int
		fmt.Sscan(m[1], &line)
		fmt.Sscan(m[2], &col)
		msg = strings.TrimPrefix(msg[len(m[0]):], ":")
		return &Error{Line: line, Col: col, Msg: oneLine(strings.TrimSpace(msg))}
	}
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		var line int
		fmt.Sscan(m[1], &line)
		return &Error{Line: line, Col: 1, Msg: oneLine(msg)}
	}
	return &Error{Pointer: "#", Msg: oneLine(msg)}
}

// The YAML parser reports a position as "line N" or, in its newer form,
// as "... at LN.CM: what".
var (
	lineRE    = regexp.MustCompile(`line (\d+)`)
	yamlPosRE = regexp.MustCompile(`^.*? at L(\d+)\.C(\d+)`)
)

func onlyCircular(err error) bool {
	for _, e := range unwrapAll(err) {
		if !strings.Contains(strings.ToLower(e.Error()), "circular reference") {
			return false
		}
	}
	return true
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, unwrapAll(e)...)
		}
		return out
	}
	return []error{err}
}

func (m *mapper) buildErrors(err error) error {
	l := &ErrorList{Doc: m.opt.Doc}
	if err == nil {
		err = errors.New("the document could not be read")
	}
	seen := map[string]bool{}
	for _, e := range unwrapAll(err) {
		msg := oneLine(e.Error())
		if seen[msg] {
			continue
		}
		seen[msg] = true
		w := Error{Pointer: "#", Msg: msg}
		if mm := lineColRE.FindStringSubmatch(msg); mm != nil {
			fmt.Sscan(mm[1], &w.Line)
			fmt.Sscan(mm[2], &w.Col)
		} else if mm := missingRefRE.FindStringSubmatch(msg); mm != nil && m.tree != nil {
			if n := findRef(m.tree, mm[1]); n != nil {
				w.Line, w.Col = n.Line, n.Column
			}
		}
		l.List = append(l.List, w)
	}
	return l
}

var (
	lineColRE    = regexp.MustCompile(`line (\d+), column (\d+)`)
	missingRefRE = regexp.MustCompile("component `([^`]*)` does not exist")
)

// findRef returns the first $ref value node whose value is ref or ends with it.
func findRef(n *yaml.Node, ref string) *yaml.Node {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "$ref" && v.Kind == yaml.ScalarNode && (v.Value == ref || strings.HasSuffix(v.Value, ref)) {
				return v
			}
		}
	}
	for _, c := range n.Content {
		if f := findRef(c, ref); f != nil {
			return f
		}
	}
	return nil
}

// checkStructure finds the parts of the document whose YAML kind is not
// the one OpenAPI requires (paths a list, an operation a string...):
// the reader would skip them without a word.
func checkStructure(doc *yaml.Node) []Error {
	if len(doc.Content) == 0 {
		return nil
	}
	var errs []Error
	want := func(n *yaml.Node, kind yaml.Kind, what string) bool {
		if n == nil || n.Kind == kind || n.Kind == yaml.AliasNode {
			return true
		}
		k := map[yaml.Kind]string{yaml.MappingNode: "a mapping", yaml.SequenceNode: "a list", yaml.ScalarNode: "a scalar"}
		errs = append(errs, Error{Line: n.Line, Col: n.Column, Msg: fmt.Sprintf("%s must be %s, not %s", what, k[kind], k[n.Kind])})
		return false
	}
	get := func(m *yaml.Node, key string) *yaml.Node {
		if m == nil || m.Kind != yaml.MappingNode {
			return nil
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i+1]
			}
		}
		return nil
	}
	root := doc.Content[0]
	want(get(root, "info"), yaml.MappingNode, "info")
	want(get(root, "servers"), yaml.SequenceNode, "servers")
	want(get(root, "security"), yaml.SequenceNode, "security")
	want(get(root, "definitions"), yaml.MappingNode, "definitions")
	want(get(root, "securityDefinitions"), yaml.MappingNode, "securityDefinitions")
	if c := get(root, "components"); want(c, yaml.MappingNode, "components") && c != nil {
		for _, k := range []string{"schemas", "responses", "parameters", "requestBodies", "securitySchemes"} {
			want(get(c, k), yaml.MappingNode, "components."+k)
		}
	}
	paths := get(root, "paths")
	if !want(paths, yaml.MappingNode, "paths") || paths == nil {
		return errs
	}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path, item := paths.Content[i].Value, paths.Content[i+1]
		if strings.HasPrefix(path, "x-") || !want(item, yaml.MappingNode, "path item "+path) {
			continue
		}
		want(get(item, "parameters"), yaml.SequenceNode, path+" parameters")
		for _, method := range []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"} {
			o := get(item, method)
			if !want(o, yaml.MappingNode, strings.ToUpper(method)+" "+path) || o == nil {
				continue
			}
			want(get(o, "parameters"), yaml.SequenceNode, strings.ToUpper(method)+" "+path+" parameters")
			want(get(o, "responses"), yaml.MappingNode, strings.ToUpper(method)+" "+path+" responses")
			want(get(o, "requestBody"), yaml.MappingNode, strings.ToUpper(method)+" "+path+" requestBody")
			want(get(o, "security"), yaml.SequenceNode, strings.ToUpper(method)+" "+path+" security")
		}
	}
	return errs
}

// oneLine makes s fit a one-line message or comment.
func oneLine(s string) string {
	s = strings.ToValidUTF8(strings.Join(strings.Fields(s), " "), "?")
	if len(s) > 300 {
		// The middle goes: a warning starts with what it concerns and
		// ends with what was done instead.
		head, tail := 200, len(s)-100
		for !utf8.RuneStart(s[head]) {
			head--
		}
		for !utf8.RuneStart(s[tail]) {
			tail++
		}
		s = s[:head] + " … " + s[tail:]
	}
	return s
}

// mapper holds the state of one import.
type mapper struct {
	opt       Options
	cat       *catalog
	warnings  []Warning
	errs      []Error
	named     map[string]*ctype     // by $ref
	collapsed map[string]collapsed  // by $ref: a union that maps to one type, or allows null
	inlining  map[string]bool       // $refs being written inline (cycle guard)
	inlined   map[string]inlinedRef // $refs written inline, by $ref
	typeNames map[string]bool       // catalog type names in use
	depth     int
	byName    map[string]*ctype
	pending   []pendingNote
	routes    map[string]bool
	epNames   map[string]bool
	authName  string     // the security scheme of client.auth
	tree      *yaml.Node // the document as YAML, to position errors
	// rolodex holds the files the document's $refs read, when there are
	// any; files tells their nodes' file, built at the first warning.
	rolodex *index.Rolodex
	files   map[*yaml.Node]string
}

// at positions a warning at node n, or at pointer when n is nil.
func at(n *yaml.Node, pointer string) Warning {
	if n != nil && n.Line > 0 {
		return Warning{Line: n.Line, Col: n.Column, node: n}
	}
	return Warning{Pointer: pointer}
}

// warn records a warning and returns it, to be attached to an item.
func (m *mapper) warn(w Warning, format string, args ...any) Warning {
	w = m.place(w)
	w.Msg = oneLine(fmt.Sprintf(format, args...))
	m.warnings = append(m.warnings, w)
	return w
}

// place completes the position of w: the file its node is in, or the
// place of its pointer in the document.
func (m *mapper) place(w Warning) Warning {
	if w.node != nil {
		w.File = m.fileOf(w.node)
		w.node = nil
	}
	if w.Line == 0 && w.Pointer != "" {
		// Swagger 2.0's objects, and some of 3.x's, carry no node of
		// their own: the pointer finds the place in the document.
		if n := m.locate(w.Pointer); n != nil {
			w.Line, w.Col = n.Line, n.Column
		}
	}
	return w
}

// fileOf says which of the files that the document's $refs read holds
// node: its path from the document's directory, "" for the document.
func (m *mapper) fileOf(node *yaml.Node) string {
	if m.rolodex == nil {
		return ""
	}
	if m.files == nil {
		m.files = map[*yaml.Node]string{}
		base, _ := filepath.Abs(m.opt.BaseDir)
		root := m.rolodex.GetRootIndex()
		for _, idx := range m.rolodex.GetIndexes() {
			if idx == root || idx.GetRootNode() == nil {
				continue
			}
			name := idx.GetSpecAbsolutePath()
			if rel, err := filepath.Rel(base, name); err == nil {
				name = rel
			}
			var walk func(n *yaml.Node)
			walk = func(n *yaml.Node) {
				m.files[n] = name
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(idx.GetRootNode())
		}
	}
	return m.files[node]
}

// locate finds the node a JSON pointer into the document names, or nil.
func (m *mapper) locate(pointer string) *yaml.Node {
	rest, ok := strings.CutPrefix(pointer, "#/")
	if !ok || m.tree == nil || len(m.tree.Content) == 0 {
		return nil
	}
	n := m.tree.Content[0]
	for tok := range strings.SplitSeq(rest, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		var next *yaml.Node
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					next = n.Content[i+1]
					break
				}
			}
		case yaml.SequenceNode:
			if i, err := strconv.Atoi(tok); err == nil && i >= 0 && i < len(n.Content) {
				next = n.Content[i]
			}
		}
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

type lowNode interface {
	GetKeyNode() *yaml.Node
	GetRootNode() *yaml.Node
}

// nodeOf returns the key node (or root node) of a low-level object.
func nodeOf(low any) *yaml.Node {
	if l, ok := low.(lowNode); ok && l != nil {
		if n := l.GetRootNode(); n != nil {
			return n
		}
		return l.GetKeyNode()
	}
	return nil
}

// pointerEscape escapes a JSON pointer token.
func pointerEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// clientSection fills name, package and description from the info object.
func (m *mapper) clientSection(title, desc string) {
	name := oneLine(title)
	if name == "" {
		name = "API"
	}
	m.cat.name = name
	pkg := m.opt.Package
	if pkg == "" {
		pkg = packageName(title)
	}
	m.cat.pkg = pkg
	_ = desc
}

// packageName derives a Go package name from a title: its letters and
// digits before any parenthesis, lower-cased ("KTRDR API (v2)" → "ktrdrapi").
func packageName(title string) string {
	if i := strings.IndexByte(title, '('); i >= 0 {
		title = title[:i]
	}
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || (r >= '0' && r <= '9' && b.Len() > 0) {
			b.WriteRune(r)
		}
		if b.Len() >= 30 {
			break
		}
	}
	p := b.String()
	if p == "" || spec.ValidatePackageName(p) != nil {
		return "api"
	}
	return p
}

// baseURL normalises a server URL to the catalog's rules; ok is false
// when it had to be changed in a way worth a warning.
func baseURL(raw string) (string, string) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return "http://localhost", fmt.Sprintf("server URL %q is not a URL; base_url is http://localhost", raw)
	}
	why := ""
	if u.Scheme == "" || u.Host == "" {
		rel := strings.TrimRight(u.Path, "/")
		why = fmt.Sprintf("server URL %q is relative; base_url is http://localhost%s: set the real host with WithBaseURL or in the catalog", raw, rel)
		u = &url.URL{Scheme: "http", Host: "localhost", Path: rel}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		why = fmt.Sprintf("server URL scheme %q is not http(s); base_url uses http", u.Scheme)
		u.Scheme = "http"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), why
}
