package spec

import (
	"fmt"
	"math"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// loader walks a catalog's YAML node tree and collects every problem.
type loader struct {
	file string
	errs ErrorList

	types     map[string]*Type // by catalog name
	typeNames []string         // catalog names in file order
	typeDecls []typeDecl       // in file order
	enumTypes map[*Type]bool   // types that declare an enum, valid or not
	fieldKeys map[*Field]*yaml.Node
	// pkgNames are the package-level Go names the catalog generates, for
	// the collision check.
	pkgNames []pkgName
	// allOf holds the types declared with all_of.
	allOf map[*Type]allOfDecl
	// afterTypes are checks that need every type defined, in order.
	afterTypes []func()
}

// typeDecl is a declared type with its nodes.
type typeDecl struct {
	t   *Type
	key *yaml.Node
	val *yaml.Node
}

// pkgName is one package-level Go name and what generates it.
type pkgName struct {
	goName string
	what   string // e.g. `type "OperationInfo"`
	node   *yaml.Node
	// fix says how to resolve a clash, e.g. "rename the type".
	fix string
	// goNameSet is true when the name is the catalog's go_name.
	goNameSet bool
}

// errorf records a problem at node n (an alias is reported where it is used).
func (l *loader) errorf(n *yaml.Node, format string, args ...any) {
	e := &Error{File: l.file, Msg: fmt.Sprintf(format, args...)}
	if n != nil {
		e.Line, e.Col = n.Line, n.Column
	}
	l.errs = append(l.errs, e)
}

// at prefixes msg with its context ("client.retry", `endpoint "x"`).
func at(ctx string) string {
	if ctx == "" {
		return ""
	}
	return ctx + ": "
}

// deref follows aliases to the node they name.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// describe names what a node holds, for "want X, got Y" messages.
func describe(n *yaml.Node) string {
	n = deref(n)
	if n == nil {
		return "nothing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return "nothing"
		case "!!bool":
			return "the boolean " + n.Value
		case "!!int", "!!float":
			return "the number " + n.Value
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an unsupported YAML node"
}

// entry is one key and value of a mapping.
type entry struct {
	key  *yaml.Node
	val  *yaml.Node // as written; may be an alias
	name string
}

// mapNode is a checked mapping.
type mapNode struct {
	l       *loader
	ctx     string
	at      *yaml.Node // where a missing key is reported
	entries []entry
	byName  map[string]entry
}

// mapping checks that n is a mapping whose keys are unique strings and, when
// allowed is not nil, among allowed. It reports every problem and returns nil
// only when n is not a mapping at all. atNode is where missing keys are
// reported (usually the key that holds n); what names the mapping's keys in
// duplicate-key messages ("key", "endpoint", "type").
func (l *loader) mapping(n, atNode *yaml.Node, ctx, what string, allowed []string) *mapNode {
	orig := n
	n = deref(n)
	if atNode == nil {
		atNode = orig
	}
	if n == nil || n.Kind != yaml.MappingNode {
		l.errorf(orig, "%swant a mapping, got %s", at(ctx), describe(orig))
		return nil
	}
	m := &mapNode{l: l, ctx: ctx, at: atNode, byName: map[string]entry{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		dk := deref(k)
		if dk.Kind != yaml.ScalarNode || dk.ShortTag() == "!!null" {
			l.errorf(k, "%skeys must be names, got %s", at(ctx), describe(k))
			continue
		}
		if dk.ShortTag() == "!!merge" {
			l.errorf(k, "%smerge keys (<<) are not supported; write the keys out", at(ctx))
			continue
		}
		name := dk.Value
		if first, dup := m.byName[name]; dup {
			l.errorf(k, "%sduplicate %s %q (first defined at line %d)", at(ctx), what, name, first.key.Line)
			continue
		}
		if allowed != nil && !contains(allowed, name) {
			l.errorf(k, "%sunknown key %q (want one of %s)%s", at(ctx), name, strings.Join(allowed, ", "), suggest(name, allowed))
			continue
		}
		e := entry{key: k, val: v, name: name}
		m.byName[name] = e
		m.entries = append(m.entries, e)
	}
	return m
}

// get returns the value of key, or nil.
func (m *mapNode) get(key string) *yaml.Node {
	if m == nil {
		return nil
	}
	return m.byName[key].val
}

// has reports whether key is present.
func (m *mapNode) has(key string) bool {
	if m == nil {
		return false
	}
	_, ok := m.byName[key]
	return ok
}

// keyNode returns the key node of key, or the mapping's own position.
func (m *mapNode) keyNode(key string) *yaml.Node {
	if m == nil {
		return nil
	}
	if e, ok := m.byName[key]; ok {
		return e.key
	}
	return m.at
}

// require returns the value of key, reporting it when missing.
func (m *mapNode) require(key string) *yaml.Node {
	if m == nil {
		return nil
	}
	v := m.get(key)
	if v == nil {
		m.l.errorf(m.at, "%smissing required key %q", at(m.ctx), key)
	}
	return v
}

// scalar checks that n is a non-null scalar.
func (l *loader) scalar(n *yaml.Node, ctx, key, want string) (*yaml.Node, bool) {
	d := deref(n)
	if d == nil || d.Kind != yaml.ScalarNode || d.ShortTag() == "!!null" {
		l.errorf(n, "%s%s must be %s, got %s", at(ctx), key, want, describe(n))
		return nil, false
	}
	return d, true
}

// str returns the string value of n; numbers and booleans are taken as
// written. Leading and trailing white space is dropped.
func (l *loader) str(n *yaml.Node, ctx, key string) (string, bool) {
	d, ok := l.scalar(n, ctx, key, "a string")
	if !ok {
		return "", false
	}
	return strings.TrimSpace(d.Value), true
}

// nonEmpty is str that also refuses an empty string.
func (l *loader) nonEmpty(n *yaml.Node, ctx, key string) (string, bool) {
	s, ok := l.str(n, ctx, key)
	if ok && s == "" {
		l.errorf(n, "%s%s must not be empty", at(ctx), key)
		return "", false
	}
	return s, ok
}

// choice returns the string in v, the value of key, when it is one of
// allowed, after reporting an empty or unknown one.
func (l *loader) choice(v *yaml.Node, ctx, key string, allowed []string) (string, bool) {
	s, ok := l.nonEmpty(v, ctx, key)
	if ok && !contains(allowed, s) {
		l.errorf(v, "%sunknown %s %q (want one of %s)%s", at(ctx), key, s, strings.Join(allowed, ", "), suggest(s, allowed))
		return "", false
	}
	return s, ok
}

// optStr returns the string under key, or def when the key is absent.
func (m *mapNode) optStr(key, def string) string {
	n := m.get(key)
	if n == nil {
		return def
	}
	s, _ := m.l.str(n, m.ctx, key)
	return s
}

// strList returns a list of non-empty, unique strings. An empty list is
// allowed unless nonEmptyList is set.
func (l *loader) strList(n *yaml.Node, ctx, key string, nonEmptyList bool) ([]*yaml.Node, []string, bool) {
	d := deref(n)
	if d == nil || d.Kind != yaml.SequenceNode {
		l.errorf(n, "%s%s must be a list of strings, got %s", at(ctx), key, describe(n))
		return nil, nil, false
	}
	if nonEmptyList && len(d.Content) == 0 {
		l.errorf(n, "%s%s must not be an empty list", at(ctx), key)
		return nil, nil, false
	}
	ok := true
	var nodes []*yaml.Node
	var out []string
	seen := map[string]*yaml.Node{}
	for _, item := range d.Content {
		s, good := l.nonEmpty(item, ctx, key+" item")
		if !good {
			ok = false
			continue
		}
		if first, dup := seen[s]; dup {
			l.errorf(item, "%s%s lists %q twice (first at line %d)", at(ctx), key, s, first.Line)
			ok = false
			continue
		}
		seen[s] = item
		nodes = append(nodes, item)
		out = append(out, s)
	}
	return nodes, out, ok
}

// integer returns a whole number that is not negative.
func (l *loader) integer(n *yaml.Node, ctx, key string) (int64, bool) {
	d, ok := l.scalar(n, ctx, key, "a whole number")
	if !ok {
		return 0, false
	}
	var v int64
	if d.ShortTag() != "!!int" || d.Decode(&v) != nil {
		l.errorf(n, "%s%s must be a whole number, got %s", at(ctx), key, describe(n))
		return 0, false
	}
	if v < 0 {
		l.errorf(n, "%s%s must not be negative, got %d", at(ctx), key, v)
		return 0, false
	}
	return v, true
}

// smallInt is integer bounded to what an int holds on every platform.
func (l *loader) smallInt(n *yaml.Node, ctx, key string) (int, bool) {
	v, ok := l.integer(n, ctx, key)
	if ok && v > math.MaxInt32 {
		l.errorf(n, "%s%s is too large, got %d (want at most %d)", at(ctx), key, v, math.MaxInt32)
		return 0, false
	}
	return int(v), ok
}

// number returns a finite number.
func (l *loader) number(n *yaml.Node, ctx, key string) (float64, bool) {
	d, ok := l.scalar(n, ctx, key, "a number")
	if !ok {
		return 0, false
	}
	var v float64
	tag := d.ShortTag()
	if (tag != "!!int" && tag != "!!float") || d.Decode(&v) != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		l.errorf(n, "%s%s must be a number, got %s", at(ctx), key, describe(n))
		return 0, false
	}
	return v, true
}

// boolean returns true or false.
func (l *loader) boolean(n *yaml.Node, ctx, key string) (bool, bool) {
	d, ok := l.scalar(n, ctx, key, "true or false")
	if !ok {
		return false, false
	}
	var v bool
	if d.ShortTag() != "!!bool" || d.Decode(&v) != nil {
		l.errorf(n, "%s%s must be true or false, got %s", at(ctx), key, describe(n))
		return false, false
	}
	return v, true
}

// duration parses a Go duration. Zero is refused when positive is set;
// negative durations are always refused.
func (l *loader) duration(n *yaml.Node, ctx, key string, positive bool) (time.Duration, bool) {
	d, ok := l.scalar(n, ctx, key, "a duration")
	if !ok {
		return 0, false
	}
	v, err := time.ParseDuration(strings.TrimSpace(d.Value))
	if err != nil {
		l.errorf(n, "%sbad %s %q (want a Go duration such as 300ms, 5s or 1m30s)", at(ctx), key, d.Value)
		return 0, false
	}
	if v < 0 {
		l.errorf(n, "%s%s must not be negative, got %s", at(ctx), key, d.Value)
		return 0, false
	}
	if positive && v == 0 {
		l.errorf(n, "%s%s must be positive, got %s", at(ctx), key, d.Value)
		return 0, false
	}
	return v, true
}

// optDuration returns the duration under key, or def when it is absent.
func (m *mapNode) optDuration(key string, def time.Duration, positive bool) time.Duration {
	n := m.get(key)
	if n == nil {
		return def
	}
	v, ok := m.l.duration(n, m.ctx, key, positive)
	if !ok {
		return def
	}
	return v
}

// optBool returns the boolean under key, or def when it is absent.
func (m *mapNode) optBool(key string, def bool) bool {
	n := m.get(key)
	if n == nil {
		return def
	}
	v, ok := m.l.boolean(n, m.ctx, key)
	if !ok {
		return def
	}
	return v
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suggest returns " (did you mean X?)" for the candidates closest to name,
// or "".
func suggest(name string, candidates []string) string {
	close := closeNames(name, candidates)
	if len(close) == 0 {
		return ""
	}
	return " (did you mean " + strings.Join(close, " or ") + "?)"
}

// closeNames returns up to three candidates that differ from name by case,
// by Go name, or by a small edit distance, closest first.
func closeNames(name string, candidates []string) []string {
	type scored struct {
		name string
		dist int
	}
	var found []scored
	limit := max(1, len([]rune(name))/3)
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(strings.ToLower(name), strings.ToLower(c))
		ln, lc := strings.ToLower(name), strings.ToLower(c)
		if GoName(c) == GoName(name) {
			d = 0
		} else if min(len(ln), len(lc)) >= 3 && (strings.HasPrefix(ln, lc) || strings.HasPrefix(lc, ln)) {
			d = min(d, limit)
		}
		if d <= limit {
			found = append(found, scored{c, d})
		}
	}
	// Insertion sort: the lists are short and this keeps ties in catalog order.
	for i := 1; i < len(found); i++ {
		for j := i; j > 0 && found[j].dist < found[j-1].dist; j-- {
			found[j], found[j-1] = found[j-1], found[j]
		}
	}
	var out []string
	for i := 0; i < len(found) && i < 3; i++ {
		out = append(out, found[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
