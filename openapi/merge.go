package openapi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/clientgen/clientgen/spec"
)

// Marker is the comment line import writes above every type and endpoint
// it writes: the item belongs to the document, and a re-import updates or
// removes it. An item without it (written by hand, or whose line the user
// deleted to take it over) is the catalog's: a re-import leaves it alone.
const Marker = "# import: from the document"

// explanation follows the header line of every imported catalog.
const explanation = "# Lines starting with \"# import:\" say what the document has that the catalog\n" +
	"# does not express, and what was done instead. Re-import updates the types and\n" +
	"# endpoints marked \"" + Marker + "\" and keeps all else (docs/import.md).\n"

// legacyExplanation is the explanation of catalogs imported before
// re-import existed; it is dropped with the header when merging.
var legacyExplanation = []string{
	"# Lines starting with \"# import:\" say what the document has that the catalog",
	"# does not express, and what was done instead.",
}

// owned puts the provenance marker above an item's warning comment.
func owned(c string) string {
	if c == "" {
		return Marker
	}
	return Marker + "\n" + c
}

// Summary is what a re-import changed in a catalog. Endpoints are written
// "name (METHOD /path)", types by name.
type Summary struct {
	EndpointsAdded, EndpointsRemoved, EndpointsChanged []string
	TypesAdded, TypesRemoved, TypesChanged             []string
	// Notes say where the catalog was kept against the document, and why.
	Notes []string
}

// Total is the one-line count of the changes.
func (s *Summary) Total() string {
	if len(s.EndpointsAdded)+len(s.EndpointsRemoved)+len(s.EndpointsChanged)+len(s.TypesAdded)+len(s.TypesRemoved)+len(s.TypesChanged) == 0 {
		return "no endpoint or type changed"
	}
	return fmt.Sprintf("endpoints: %d added, %d removed, %d changed; types: %d added, %d removed, %d changed",
		len(s.EndpointsAdded), len(s.EndpointsRemoved), len(s.EndpointsChanged),
		len(s.TypesAdded), len(s.TypesRemoved), len(s.TypesChanged))
}

// Lines is the summary, one change a line, the notes, then the total.
func (s *Summary) Lines() []string {
	var out []string
	for _, g := range []struct {
		what string
		list []string
	}{
		{"endpoint added", s.EndpointsAdded}, {"endpoint removed", s.EndpointsRemoved}, {"endpoint changed", s.EndpointsChanged},
		{"type added", s.TypesAdded}, {"type removed", s.TypesRemoved}, {"type changed", s.TypesChanged},
	} {
		for _, x := range g.list {
			out = append(out, g.what+": "+x)
		}
	}
	out = append(out, s.Notes...)
	return append(out, s.Total())
}

// Merge folds fresh, the catalog Import wrote for a document, into old,
// the catalog at name that an earlier import wrote and the user may have
// edited since (old nil: there is none, and fresh is the result). The
// document owns the types and endpoints marked with Marker: their shapes
// are replaced, their go_name, the endpoint's name and its keys the
// document cannot express (retry, timeout, operation, pagination…) and
// the user's comments are kept. The catalog owns everything else: the
// client settings it has, the other top-level sections, and every item
// without the marker. The result is checked with the catalog loader; a
// merge that does not load is an error and nothing should be written.
func Merge(name string, old, fresh []byte) ([]byte, *Summary, error) {
	_, freshBody, ok := splitHeader(fresh)
	if !ok {
		return nil, nil, errors.New("openapi.Merge: fresh is not a catalog written by Import")
	}
	newRoot, err := parseRoot(name+" (imported)", freshBody)
	if err != nil {
		return nil, nil, err
	}
	return mergeRoot(name, old, fresh, newRoot)
}

// Merge is the package's Merge of r.Catalog into old, reading the
// catalog from the tree Import wrote it from instead of from its text (a
// tenth of the time on a large catalog). The merged catalog takes the
// tree over: a second Merge reads the text.
func (r *Result) Merge(name string, old []byte) ([]byte, *Summary, error) {
	if r.doc == nil {
		return Merge(name, old, r.Catalog)
	}
	root := r.doc.Content[0]
	r.doc = nil
	return mergeRoot(name, old, r.Catalog, root)
}

// mergeRoot is Merge with fresh's root mapping read.
func mergeRoot(name string, old, fresh []byte, newRoot *yaml.Node) ([]byte, *Summary, error) {
	freshHeader, _, _ := splitHeader(fresh)
	sum := &Summary{}
	if old == nil {
		for _, it := range pairs(get(newRoot, "endpoints")) {
			sum.EndpointsAdded = append(sum.EndpointsAdded, endpointLabel(it))
		}
		for _, it := range pairs(get(newRoot, "types")) {
			sum.TypesAdded = append(sum.TypesAdded, it.k.Value)
		}
		return fresh, sum, nil
	}
	old = catalogText(old)
	oldHeader, oldBody, ok := splitHeader(old)
	if !ok {
		return nil, nil, fmt.Errorf("%s was not written by clientgen import (its first line does not start with %q); it is left alone", name, strings.TrimSpace(Header))
	}
	// The header's lines become blank ones, so that positions are the
	// file's.
	oldDoc, err := parseCatalog(name, old, append(bytes.Repeat([]byte("\n"), bytes.Count(oldHeader, []byte("\n"))), oldBody...))
	if err != nil {
		return nil, nil, err
	}
	oldRoot := oldDoc.Content[0]
	for _, r := range []*yaml.Node{oldRoot, newRoot} {
		if get(r, "types") == nil {
			at := min(2, len(r.Content)) // after client
			r.Content = slices.Insert(r.Content, at, str("types"), mapping(true))
		}
	}
	mg := &merger{sum: sum}
	root := mg.root(oldRoot, newRoot)
	mg.keepUsedTypes(root)
	if bytes.IndexByte(oldBody, '*') >= 0 { // an alias, perhaps
		keepAliased(root)
	}
	if t := get(root, "types"); t != nil && len(t.Content) == 0 {
		i := slices.IndexFunc(root.Content, func(n *yaml.Node) bool { return n.Value == "types" })
		root.Content = slices.Delete(root.Content, i, i+2)
	}

	// The comments of the catalog's document (set apart by a blank line
	// below the header, or at the end) are kept with it; room for the
	// larger catalog, and an eighth more.
	oldDoc.Content = []*yaml.Node{root}
	out, err := encodeYAML(append(make([]byte, 0, max(len(old), len(fresh))*9/8), freshHeader...), oldDoc)
	if err != nil {
		return nil, nil, err
	}
	if err := checkCatalog(name, oldDoc, out); err != nil {
		return nil, nil, fmt.Errorf("%s: the catalog merged with the document does not load, so it is left as it is; fix the hand edits the errors point at (or remove the catalog to import afresh):\n%w", name, err)
	}
	return out, sum, nil
}

// keepAliased puts back the values of the catalog that the merged tree
// root still aliases but no longer has (an anchored value of an item that
// the document's replaced): the first alias to such a value becomes the
// value, with its anchor, as the catalog had it, so that it and the later
// aliases read as they did. Without it, the merged text had aliases to
// an anchor it does not define.
func keepAliased(root *yaml.Node) {
	in := map[*yaml.Node]bool{}
	var collect func(n *yaml.Node)
	collect = func(n *yaml.Node) {
		in[n] = true
		for _, c := range n.Content {
			collect(c)
		}
	}
	collect(root)
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if c.Kind == yaml.AliasNode && c.Alias != nil && !in[c.Alias] {
				a := c.Alias
				n.Content[i] = a
				collect(a)
				c = a
			}
			walk(c)
		}
	}
	walk(root)
}

// catalogText is the text of a catalog file as a merge reads it: without
// a UTF-8 byte order mark, and with CRLF line ends as LF, as editors and
// git on Windows may have saved it. yaml.v3 skips the mark, and reads the
// line breaks of scalars as LF, but loses comment lines that end in CRLF
// (the markers among them); the merged catalog is written with LF.
func catalogText(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	if bytes.Contains(b, []byte("\r\n")) {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	}
	return b
}

// Imported says whether the catalog file b is one that import wrote, and
// that Merge merges into: its first line starts with Header.
func Imported(b []byte) bool {
	return bytes.HasPrefix(catalogText(b), []byte(Header))
}

// splitHeader cuts the header (the Header line and its explanation) off
// a catalog written by import.
func splitHeader(b []byte) (header, body []byte, ok bool) {
	if !bytes.HasPrefix(b, []byte(Header)) {
		return nil, nil, false
	}
	rest := b
	cut := func() []byte {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		rest = after
		return line
	}
	cut()
	known := append(strings.Split(strings.TrimSuffix(explanation, "\n"), "\n"), legacyExplanation...)
	for len(rest) > 0 {
		line, _, _ := bytes.Cut(rest, []byte("\n"))
		if !slices.Contains(known, string(line)) {
			break
		}
		cut()
	}
	return b[:len(b)-len(rest)], rest, true
}

// parseCatalog parses the catalog being re-imported (body: the file with
// its header blanked), and returns its document, whose content is the
// catalog's mapping. What import cannot merge into is refused with a
// positioned error, before anything is changed: YAML that does not parse,
// more than one document (the loader's own errors), and a client, types,
// endpoints or operations section that is not a mapping (import would
// replace it with the document's).
func parseCatalog(name string, file, body []byte) (*yaml.Node, error) {
	const left = "; the catalog is left as it is"
	dec := yaml.NewDecoder(bytes.NewReader(body))
	var doc, second yaml.Node
	err := dec.Decode(&doc)
	if err == nil {
		if err = dec.Decode(&second); err == io.EOF {
			err = nil
		} else if err == nil {
			err = errors.New("a second document")
		}
	}
	if err != nil {
		if _, lerr := spec.Parse(name, file); lerr != nil {
			return nil, fmt.Errorf("%w%s", lerr, left)
		}
		return nil, fmt.Errorf("%s: %w%s", name, err, left)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a catalog (want a mapping with client, types and endpoints)%s", name, left)
	}
	root := doc.Content[0]
	for _, p := range pairs(root) {
		switch p.k.Value {
		case "client", "types", "endpoints", "operations":
			if v := p.v; v.Kind != yaml.MappingNode && !(v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
				return nil, fmt.Errorf("%s:%d:%d: %s: want a mapping, got %s%s", name, v.Line, v.Column, p.k.Value, kindName(v), left)
			}
		}
	}
	return &doc, nil
}

// kindName names the kind of a YAML node for an error message.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a scalar"
}

func parseRoot(name string, body []byte) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: not a catalog (want a mapping with client, types and endpoints)", name)
	}
	return doc.Content[0], nil
}

// pair is one key and value of a mapping.
type pair struct{ k, v *yaml.Node }

func pairs(m *yaml.Node) []pair {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	out := make([]pair, 0, len(m.Content)/2)
	for i := 0; i+1 < len(m.Content); i += 2 {
		out = append(out, pair{m.Content[i], m.Content[i+1]})
	}
	return out
}

func get(m *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(m) {
		if p.k.Value == key {
			return p.v
		}
	}
	return nil
}

func setPairs(m *yaml.Node, ps []pair) {
	m.Content = m.Content[:0]
	for _, p := range ps {
		m.Content = append(m.Content, p.k, p.v)
	}
}

// isOwned says whether the item under key k carries the Marker.
func isOwned(k *yaml.Node) bool {
	return slices.Contains(strings.Split(k.HeadComment, "\n"), Marker)
}

// importLines splits a head comment into the lines import writes and the
// user's.
func importLines(c string) (imp, user []string) {
	if c == "" {
		return nil, nil
	}
	for _, l := range strings.Split(c, "\n") {
		if strings.HasPrefix(l, "# import:") {
			imp = append(imp, l)
		} else {
			user = append(user, l)
		}
	}
	return imp, user
}

// mergeComment is the head comment of a kept key: the user's lines of
// old, then the import lines of fresh. When the import lines did not
// change, old is kept as it is, lines in the user's order.
func mergeComment(old, fresh string) string {
	oi, ou := importLines(old)
	ni, _ := importLines(fresh)
	if slices.Equal(oi, ni) {
		return old
	}
	return strings.Join(append(ou, ni...), "\n")
}

// Keys of an endpoint that import writes: a re-import replaces them, and
// removes them when the document no longer gives them. Every other key
// (timeout, retry, idempotent, max_retries, operation, pagination, stream,
// fixed_headers, go_name) is the catalog's. auth is the document's: it is
// the operation's security requirement. TestDocumentKeys checks
// that the mapping writes no other key.
var docEndpointKeys = []string{"description", "method", "path", "path_params", "query", "headers", "body", "body_required", "response", "response_optional", "responses", "auth"}

type merger struct {
	sum       *Summary
	types     *yaml.Node // the merged types section, finished last
	typeSlots []slot
}

// ordered merges the mappings old and fresh, in old's key order: a key
// the catalog owns keeps old's value; another key takes fresh's value
// (through sub, when given) or is dropped when fresh lacks it; a key only
// in fresh goes after the key that precedes it in fresh.
func ordered(old, fresh *yaml.Node, catalogOwns func(string) bool, sub func(key string, o, n *yaml.Node) *yaml.Node) *yaml.Node {
	if fresh == nil || fresh.Kind != yaml.MappingNode {
		return old
	}
	if old == nil || old.Kind != yaml.MappingNode {
		return fresh
	}
	out := *fresh
	out.Content = nil
	if old.Style&yaml.FlowStyle == 0 {
		// a value the catalog has in block style stays so, with the
		// comments between its keys
		out.Style &^= yaml.FlowStyle
	}
	var ps []pair
	placed := map[string]bool{}
	for _, o := range pairs(old) {
		n := get(fresh, o.k.Value)
		switch {
		case catalogOwns(o.k.Value):
			ps = append(ps, o)
		case n != nil:
			k := *o.k
			nk := keyOf(fresh, o.k.Value)
			k.HeadComment = mergeComment(o.k.HeadComment, nk.HeadComment)
			v := n
			if sub != nil {
				v = sub(o.k.Value, o.v, n)
			}
			if v.LineComment == "" && o.v.LineComment != "" && inline(v) {
				c := *v
				c.LineComment = o.v.LineComment
				v = &c
			}
			ps = append(ps, pair{&k, v})
		default:
			continue
		}
		placed[o.k.Value] = true
	}
	prev := ""
	for _, n := range pairs(fresh) {
		if !placed[n.k.Value] {
			ps = insertAfter(ps, prev, n)
			placed[n.k.Value] = true
		}
		prev = n.k.Value
	}
	setPairs(&out, ps)
	return &out
}

// inline says whether n is written on its key's line, where a comment
// after it stays: a scalar, or a collection in flow style (as an empty
// one always is), such as a field's {type: string}.
func inline(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode || (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) && (n.Style&yaml.FlowStyle != 0 || len(n.Content) == 0)
}

func keyOf(m *yaml.Node, key string) *yaml.Node {
	for _, p := range pairs(m) {
		if p.k.Value == key {
			return p.k
		}
	}
	return nil
}

// insertAfter inserts p after the pair whose key is prev, or first when
// prev is empty or absent.
func insertAfter(ps []pair, prev string, p pair) []pair {
	at := 0
	if prev != "" {
		for i, q := range ps {
			if q.k.Value == prev {
				at = i + 1
				break
			}
		}
	}
	return slices.Insert(ps, at, p)
}

// entries merges a mapping of named entries (fields, parameters): the
// document owns them, their go_name is the catalog's.
func entries(o, n *yaml.Node) *yaml.Node {
	return ordered(o, n, func(string) bool { return false }, func(_ string, o, n *yaml.Node) *yaml.Node {
		return ordered(o, n, func(k string) bool { return k == "go_name" }, nil)
	})
}

func (mg *merger) root(old, fresh *yaml.Node) *yaml.Node {
	return ordered(old, fresh, func(k string) bool {
		return k != "client" && k != "types" && k != "endpoints"
	}, func(key string, o, n *yaml.Node) *yaml.Node {
		switch key {
		case "client":
			return mg.client(o, n)
		case "types":
			return mg.section(o, n, false)
		default:
			return mg.section(o, n, true)
		}
	})
}

// client keeps every setting the catalog has and adds those it lacks;
// a setting the document gives otherwise is noted.
func (mg *merger) client(old, fresh *yaml.Node) *yaml.Node {
	for _, n := range pairs(fresh) {
		if o := get(old, n.k.Value); o != nil && render(plain(o)) != render(plain(n.v)) {
			what := "another value"
			if n.v.Kind == yaml.ScalarNode {
				what = fmt.Sprintf("%q", n.v.Value)
			}
			mg.sum.Notes = append(mg.sum.Notes, fmt.Sprintf("kept: client.%s as the catalog has it; the document gives %s", n.k.Value, what))
		} else if o == nil {
			mg.sum.Notes = append(mg.sum.Notes, fmt.Sprintf("added: client.%s from the document", n.k.Value))
		}
	}
	return ordered(old, fresh, func(string) bool { return true }, nil)
}

// render is the YAML text of a value as the catalog is written, for
// change detection: the direct writer's, or yaml.v3's encoder's where the
// writer hands a tree to it (yaml.Marshal took an eighth of a large
// re-import).
func render(n *yaml.Node) string {
	if b, ok := appendYAML(nil, n); ok {
		return string(b)
	}
	b, err := encoderYAML(document(n))
	if err != nil {
		return fmt.Sprint(err)
	}
	return string(b)
}

func routeOf(v *yaml.Node) string {
	m, p := get(v, "method"), get(v, "path")
	if m == nil || p == nil {
		return ""
	}
	return strings.ToUpper(m.Value) + " " + routeKey(p.Value)
}

func endpointLabel(p pair) string {
	m, path := get(p.v, "method"), get(p.v, "path")
	if m == nil || path == nil {
		return p.k.Value
	}
	return fmt.Sprintf("%s (%s %s)", p.k.Value, strings.ToUpper(m.Value), path.Value)
}

// slot is one item of a merged section; removed marks an owned item the
// document no longer has.
type slot struct {
	pair
	removed bool
}

// section merges types (by name) or endpoints (by method and path).
func (mg *merger) section(old, fresh *yaml.Node, endpoints bool) *yaml.Node {
	id := func(p pair) string { return p.k.Value }
	label := id
	if endpoints {
		id = func(p pair) string { return routeOf(p.v) }
		label = endpointLabel
	}
	freshByID := map[string]pair{}
	for _, n := range pairs(fresh) {
		freshByID[id(n)] = n
	}
	var slots []slot
	placed := map[string]bool{} // ids of fresh items in slots
	keys := map[string]bool{}   // names in use
	for _, o := range pairs(old) {
		keys[o.k.Value] = true
		i := id(o)
		n, inFresh := freshByID[i]
		inFresh = inFresh && i != "" && !placed[i]
		switch {
		case !isOwned(o.k):
			slots = append(slots, slot{pair: o})
			if inFresh {
				mg.note("kept: %s as the catalog has it (no %q line); the document's is not imported", label(o), Marker)
			}
		case inFresh:
			m := mg.item(o, n, endpoints)
			if render(plain(m.v)) != render(plain(o.v)) || m.k.HeadComment != o.k.HeadComment {
				mg.count(endpoints, &mg.sum.EndpointsChanged, &mg.sum.TypesChanged, label(m))
			}
			slots = append(slots, slot{pair: m})
		default:
			slots = append(slots, slot{pair: o, removed: true})
		}
		if inFresh {
			placed[i] = true
		}
	}
	// An item only in fresh goes after the one before it in fresh, and
	// before the item that follows that one in slots: added[j] is what
	// goes before slots[j] (added[len(slots)] at the end).
	first := map[string]int{} // id → index of its first kept slot
	for j, s := range slots {
		if i := id(s.pair); !s.removed {
			if _, ok := first[i]; !ok {
				first[i] = j
			}
		}
	}
	added := map[int][]slot{}
	at := 0
	for _, n := range pairs(fresh) {
		i := id(n)
		if j, ok := first[i]; ok && placed[i] {
			at = j + 1
			continue
		}
		if placed[i] {
			continue // taken over by a hand item (a route the catalog has twice)
		}
		k := *n.k
		k.Value = freeName(keys, k.Value)
		keys[k.Value] = true
		p := pair{&k, n.v}
		added[at] = append(added[at], slot{pair: p})
		placed[i] = true
		mg.count(endpoints, &mg.sum.EndpointsAdded, &mg.sum.TypesAdded, label(p))
	}
	if len(added) > 0 {
		all := make([]slot, 0, len(slots)+len(pairs(fresh)))
		for j := 0; j <= len(slots); j++ {
			all = append(all, added[j]...)
			if j < len(slots) {
				all = append(all, slots[j])
			}
		}
		slots = all
	}
	out := *fresh
	out.Style = 0
	if !endpoints {
		mg.types = &out
		mg.typeSlots = slots
	} else {
		mg.finish(&out, slots, endpoints)
	}
	return &out
}

// finish writes the kept slots into the section m and counts the removed.
func (mg *merger) finish(m *yaml.Node, slots []slot, endpoints bool) {
	var ps []pair
	for _, s := range slots {
		if !s.removed {
			ps = append(ps, s.pair)
			continue
		}
		label := s.k.Value
		if endpoints {
			label = endpointLabel(s.pair)
		}
		mg.count(endpoints, &mg.sum.EndpointsRemoved, &mg.sum.TypesRemoved, label)
	}
	m.Style = 0
	if len(ps) == 0 {
		m.Style = yaml.FlowStyle
	}
	setPairs(m, ps)
}

// keepUsedTypes keeps a type the document dropped while the merged
// catalog still uses it, then finishes the types section.
func (mg *merger) keepUsedTypes(root *yaml.Node) {
	if mg.types == nil {
		return
	}
	for changed := true; changed; {
		changed = false
		removed := map[*yaml.Node]bool{}
		for _, s := range mg.typeSlots {
			if s.removed {
				removed[s.k] = true
			}
		}
		used := map[string]bool{}
		for _, p := range pairs(root) {
			if p.v != mg.types {
				typeRefs(p.v, false, used)
				continue
			}
			for _, s := range mg.typeSlots {
				if !removed[s.k] {
					typeRefs(s.v, false, used)
				}
			}
		}
		for i, s := range mg.typeSlots {
			if s.removed && used[s.k.Value] {
				mg.typeSlots[i].removed = false
				changed = true
				mg.note("kept: type %s, no longer in the document, because the catalog still uses it", s.k.Value)
			}
		}
	}
	mg.finish(mg.types, mg.typeSlots, false)
}

func (mg *merger) note(format string, args ...any) {
	mg.sum.Notes = append(mg.sum.Notes, fmt.Sprintf(format, args...))
}

func (mg *merger) count(endpoints bool, eps, types *[]string, label string) {
	if endpoints {
		*eps = append(*eps, label)
	} else {
		*types = append(*types, label)
	}
}

// plain is a deep copy of n without comments, for comparing values.
func plain(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.HeadComment, c.LineComment, c.FootComment = "", "", ""
	c.Content = nil
	for _, x := range n.Content {
		c.Content = append(c.Content, plain(x))
	}
	return &c
}

// freeName returns name, or name_2, name_3… when the catalog has it.
func freeName(used map[string]bool, name string) string {
	if !used[name] {
		return name
	}
	for i := 2; ; i++ {
		if c := fmt.Sprintf("%s_%d", name, i); !used[c] {
			return c
		}
	}
}

// item merges an owned type or endpoint with the document's: the key (the
// catalog's name) and the user's comments stay.
func (mg *merger) item(o, n pair, endpoint bool) pair {
	k := *o.k
	k.HeadComment = mergeComment(o.k.HeadComment, n.k.HeadComment)
	var v *yaml.Node
	if endpoint {
		fresh, owns := n.v, func(key string) bool { return !slices.Contains(docEndpointKeys, key) }
		if by := oneResponseKey(o.v); by != "" && get(fresh, "responses") != nil {
			// The catalog's pagination or operation reads one response
			// type, which a type per status would take away: the response
			// stays the catalog's.
			mg.note("kept: the response of %s as the catalog has it: its %s reads one type; the document gives a type per status", endpointLabel(o), by)
			fresh = withoutKey(fresh, "responses")
			owns = func(key string) bool {
				return key == "response" || key == "response_optional" || !slices.Contains(docEndpointKeys, key)
			}
		}
		v = ordered(o.v, fresh, owns, func(key string, o, n *yaml.Node) *yaml.Node {
			switch key {
			case "path_params", "query", "headers":
				return entries(o, n)
			}
			return n
		})
	} else {
		v = ordered(o.v, withEnumGoNames(o.v, n.v), func(key string) bool { return key == "go_name" }, func(key string, o, n *yaml.Node) *yaml.Node {
			if key == "fields" {
				return entries(o, n)
			}
			return n
		})
	}
	return pair{&k, v}
}

// withEnumGoNames returns the document's type fresh with the
// enum_go_names of the merge: a value that the catalog's type old names
// keeps that name, as a go_name stays; the other values of fresh's enum
// take fresh's names; a value fresh's enum lacks has none.
func withEnumGoNames(old, fresh *yaml.Node) *yaml.Node {
	on := get(old, "enum_go_names")
	if on == nil || on.Kind != yaml.MappingNode {
		return fresh
	}
	names := *on
	names.Content = nil
	if enum := get(fresh, "enum"); enum != nil && enum.Kind == yaml.SequenceNode {
		for _, v := range enum.Content {
			for _, from := range []*yaml.Node{on, get(fresh, "enum_go_names")} {
				if i := slices.IndexFunc(pairs(from), func(p pair) bool { return p.k.Value == v.Value }); i >= 0 {
					names.Content = append(names.Content, from.Content[2*i], from.Content[2*i+1])
					break
				}
			}
		}
	}
	out := *fresh
	out.Content = nil
	var ps []pair
	for _, p := range pairs(fresh) {
		if p.k.Value == "enum_go_names" {
			continue
		}
		ps = append(ps, p)
		if p.k.Value == "enum" && len(names.Content) > 0 {
			ps = append(ps, pair{&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "enum_go_names"}, &names})
		}
	}
	setPairs(&out, ps)
	return &out
}

// oneResponseKey is the key of the catalog's endpoint e that reads one
// response type, pagination or operation (responses cannot go with it),
// or "".
func oneResponseKey(e *yaml.Node) string {
	for _, k := range []string{"pagination", "operation"} {
		if get(e, k) != nil {
			return k
		}
	}
	return ""
}

// withoutKey is a copy of the mapping m without the key k.
func withoutKey(m *yaml.Node, k string) *yaml.Node {
	c := *m
	c.Content = nil
	for _, p := range pairs(m) {
		if p.k.Value != k {
			c.Content = append(c.Content, p.k, p.v)
		}
	}
	return &c
}

// refKeys are the keys whose values name types (responses: those of its
// statuses).
var refKeys = []string{"type", "body", "response", "responses", "all_of", "one_of", "any_of", "mapping"}

// typeRefs adds to used the type names that the values under n use,
// through aliases too (each aliased value is read once: aliases of
// aliases would take exponential time).
func typeRefs(n *yaml.Node, isRef bool, used map[string]bool) {
	typeRefsOnce(n, isRef, used, map[aliasRead]bool{})
}

// aliasRead is an aliased value read as a type name or not.
type aliasRead struct {
	n     *yaml.Node
	isRef bool
}

func typeRefsOnce(n *yaml.Node, isRef bool, used map[string]bool, read map[aliasRead]bool) {
	if n == nil {
		return
	}
	switch n.Kind {
	case yaml.AliasNode:
		if r := (aliasRead{n.Alias, isRef}); n.Alias != nil && !read[r] {
			read[r] = true
			typeRefsOnce(n.Alias, isRef, used, read)
		}
	case yaml.ScalarNode:
		if isRef && n.ShortTag() != "!!null" {
			used[baseType(n.Value)] = true
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			typeRefsOnce(c, isRef, used, read)
		}
	case yaml.MappingNode:
		for _, p := range pairs(n) {
			typeRefsOnce(p.v, isRef || slices.Contains(refKeys, p.k.Value), used, read)
		}
	}
}

// baseType strips the list and map prefixes of a type expression.
func baseType(s string) string {
	for {
		switch {
		case strings.HasPrefix(s, "[]"):
			s = s[2:]
		case strings.HasPrefix(s, "map[string]"):
			s = s[len("map[string]"):]
		default:
			return s
		}
	}
}
