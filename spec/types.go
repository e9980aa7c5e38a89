package spec

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"
)

// declareTypes registers every type name, so that references resolve
// whatever the order of declaration.
func (l *loader) declareTypes(n, keyN *yaml.Node) {
	if n == nil {
		return
	}
	m := l.mapping(n, keyN, "types", "type", nil)
	if m == nil {
		return
	}
	for _, e := range m.entries {
		ctx := fmt.Sprintf("type %q", e.name)
		t := &Type{Name: e.name, GoName: GoName(e.name)}
		goNameN := l.typeGoName(e, t, ctx)
		switch _, builtin := scalarKind(e.name); {
		case builtin:
			l.errorf(e.key, "%sthe name is a built-in type expression; rename the type", at(ctx))
		case !validTypeName(e.name):
			l.errorf(e.key, "%sbad type name (want a letter, then letters, digits, _ or -)", at(ctx))
		case goNameN != nil:
			if t.GoName != "" {
				l.pkgNames = append(l.pkgNames, pkgName{goName: t.GoName, what: ctx, node: goNameN, fix: "choose another go_name", goNameSet: true})
			}
		default:
			if why := checkExported(t.GoName); why != "" {
				l.errorf(e.key, "%sGo name %q %s; set go_name or rename the type", at(ctx), t.GoName, why)
			} else {
				l.pkgNames = append(l.pkgNames, pkgName{goName: t.GoName, what: ctx, node: e.key, fix: "set go_name or rename the type"})
			}
		}
		l.types[e.name] = t
		l.typeNames = append(l.typeNames, e.name)
		l.typeDecls = append(l.typeDecls, typeDecl{t: t, key: e.key, val: e.val})
		if vm := deref(e.val); vm != nil && vm.Kind == yaml.MappingNode {
			for i := 0; i < len(vm.Content); i += 2 {
				if deref(vm.Content[i]).Value == "enum" {
					l.enumTypes[t] = true
				}
			}
		}
	}
}

// typeGoName reads a type's go_name, when it has one, into t.GoName and
// returns its node; an unusable one leaves t.GoName empty. Types are named
// before they are defined, so that references and the package namespace
// see the chosen name.
func (l *loader) typeGoName(e entry, t *Type, ctx string) *yaml.Node {
	vm := deref(e.val)
	if vm == nil || vm.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(vm.Content); i += 2 {
		if deref(vm.Content[i]).Value != "go_name" {
			continue
		}
		v := vm.Content[i+1]
		t.GoName = ""
		s, ok := l.nonEmpty(v, ctx, "go_name")
		if !ok {
			return v
		}
		if why := checkExported(s); why != "" {
			l.errorf(v, "%sgo_name %q %s (want an exported Go identifier such as PetResponse)", at(ctx), s, why)
			return v
		}
		t.GoName = s
		return v
	}
	return nil
}

// defineTypes fills in every declared type.
func (l *loader) defineTypes() []*Type {
	out := make([]*Type, 0, len(l.typeDecls))
	for _, d := range l.typeDecls {
		l.defineType(d)
		out = append(out, d.t)
	}
	l.aliasCycles()
	state := map[*Type]int{} // 1: being composed, 2: done
	for _, d := range l.typeDecls {
		l.composeAllOf(d.t, state, nil)
	}
	for _, f := range l.afterTypes {
		f()
	}
	return out
}

// aliasCycles refuses a named type expression that contains itself with
// only named type expressions on the way (L: {type: '[]L'}, or M: '[]N'
// with N: 'map[string]M'): such a value is lists and maps of nothing else,
// the generator follows type expressions to their end, and an object or a
// union is what gives a recursive type a shape. Each cycle is reported
// once, at the first of its types in the file.
func (l *loader) aliasCycles() {
	state := map[*Type]int{} // 1: on the path, 2: done
	decl := map[*Type]*yaml.Node{}
	for _, d := range l.typeDecls {
		decl[d.t] = d.key
	}
	var visit func(t *Type, path []*Type)
	visit = func(t *Type, path []*Type) {
		switch state[t] {
		case 2:
			return
		case 1:
			i := slices.Index(path, t)
			names := make([]string, 0, len(path)-i+1)
			for _, p := range path[i:] {
				names = append(names, p.Name)
			}
			names = append(names, t.Name)
			l.errorf(decl[t], "type %q contains itself through type expressions only (%s); make one of these an object with fields, or a one_of, so that the value has a shape", t.Name, strings.Join(names, " → "))
			return
		}
		state[t] = 1
		for r := t.Alias; r != nil; r = r.Elem {
			if r.Kind == KindRef && r.Ref.IsAlias() {
				visit(r.Ref, append(path, t))
			}
		}
		state[t] = 2
	}
	for _, d := range l.typeDecls {
		if d.t.IsAlias() {
			visit(d.t, nil)
		}
	}
}

// defineType walks one type's mapping.
func (l *loader) defineType(d typeDecl) {
	t := d.t
	ctx := fmt.Sprintf("type %q", t.Name)
	m := l.keyed(d.val, d.key, ctx, typeKeys())
	if m == nil {
		return
	}
	t.Description = m.description()
	fields, enum, alias := m.get("fields"), m.get("enum"), m.get("type")
	kinds := 0
	for _, k := range []string{"fields", "enum", "type", "one_of", "any_of"} {
		if m.has(k) {
			kinds++
		}
	}
	for _, k := range []string{"one_of", "any_of"} {
		if !m.has(k) {
			continue
		}
		if kinds > 1 || m.has("all_of") {
			l.errorf(m.keyNode(k), "%s%s does not go with fields, enum, type, all_of or the other of one_of and any_of (want one of them)", at(ctx), k)
			return
		}
		l.defineUnion(t, m, k)
		return
	}
	if m.has("discriminator") {
		l.errorf(m.keyNode("discriminator"), "%sa discriminator belongs to a one_of or any_of", at(ctx))
	}
	if m.has("enum_go_names") && enum == nil {
		l.errorf(m.keyNode("enum_go_names"), "%senum_go_names belongs to an enum (it names the constants of its values)", at(ctx))
	}
	if allOf := m.get("all_of"); allOf != nil {
		if enum != nil || alias != nil {
			l.errorf(m.keyNode("all_of"), "%shas all_of and also enum or type (all_of composes objects, with fields of its own if any)", at(ctx))
			return
		}
		if fields != nil {
			t.Fields = l.fields(fields, m.keyNode("fields"), t)
		}
		nodes, names, _ := l.strList(allOf, ctx, "all_of", true)
		l.allOf[t] = allOfDecl{key: m.keyNode("all_of"), nodes: nodes, names: names, own: t.Fields}
		if t.Fields == nil {
			t.Fields = []*Field{}
		}
		return
	}
	switch {
	case alias != nil && fields != nil:
		l.errorf(m.keyNode("type"), "%shas type and also fields (want fields for an object or type for a named type expression)", at(ctx))
	case enum != nil:
		if fields != nil {
			l.errorf(m.keyNode("enum"), "%shas both fields and enum (want fields for an object or enum for an enum)", at(ctx))
			break
		}
		t.Enum = l.enum(enum, m, t) // with type, the type of its values
	case alias != nil:
		l.defineAlias(t, alias, ctx)
	case fields != nil:
		t.Fields = l.fields(fields, m.keyNode("fields"), t)
		if t.Fields == nil {
			t.Fields = []*Field{}
		}
	default:
		l.errorf(d.key, "%swant fields (an object), enum (a string or integer enum) or type (a name for a type expression)", at(ctx))
	}
}

// allOfDecl is the all_of of a type, resolved once every type is defined.
type allOfDecl struct {
	key   *yaml.Node
	nodes []*yaml.Node
	names []string
	own   []*Field // the type's own fields, after the composed ones
}

// composeAllOf fills in the fields of a type declared with all_of: the
// fields of each listed object type, in order (composed first when they
// use all_of too), then its own. A JSON name or Go name that two parts
// both have is an error: a merged field cannot have two types, and
// silently keeping one would hide the conflict. path holds the types
// being composed, for the cycle message.
func (l *loader) composeAllOf(t *Type, state map[*Type]int, path []string) {
	d, ok := l.allOf[t]
	if !ok || state[t] == 2 {
		return
	}
	ctx := fmt.Sprintf("type %q", t.Name)
	if state[t] == 1 {
		l.errorf(d.key, "%sall_of makes %s contain itself (%s → %s); drop one of these all_of entries", at(ctx), t.Name, strings.Join(path, " → "), t.Name)
		state[t] = 2
		return
	}
	state[t] = 1
	path = append(path, t.Name)
	type origin struct {
		from string
		line int
	}
	byJSON, byGo := map[string]origin{}, map[string]origin{}
	var fields []*Field
	add := func(f *Field, from string, at *yaml.Node) {
		if o, dup := byJSON[f.JSONName]; dup {
			l.errorf(at, "%sall_of: field %q of %s is also a field of %s (line %d); a composed type has each field once: drop it from one of them", at0(ctx), f.JSONName, from, o.from, o.line)
			return
		}
		if o, dup := byGo[f.GoName]; dup && f.GoName != "" {
			l.errorf(at, "%sall_of: Go name %q of field %q of %s is also a Go name in %s (line %d); set go_name on one of them", at0(ctx), f.GoName, f.JSONName, from, o.from, o.line)
			return
		}
		line := at.Line
		if k := l.fieldKeys[f]; k != nil {
			line = k.Line
		}
		byJSON[f.JSONName] = origin{from, line}
		byGo[f.GoName] = origin{from, line}
		fields = append(fields, f)
	}
	for i, name := range d.names {
		n := d.nodes[i]
		part, known := l.types[name]
		switch {
		case !known:
			hint := suggest(name, l.typeNames)
			if hint == "" {
				hint = " (declare it under types)"
			}
			l.errorf(n, "%sall_of: unknown type %q%s", at(ctx), name, hint)
			continue
		case !part.IsObject():
			l.errorf(n, "%sall_of: %q is not an object type (all_of merges the fields of objects)", at(ctx), name)
			continue
		}
		l.composeAllOf(part, state, path)
		t.AllOf = append(t.AllOf, part)
		for _, f := range part.Fields {
			add(f, fmt.Sprintf("%q", name), n)
		}
	}
	for _, f := range d.own {
		add(f, "its own fields", l.fieldKeys[f])
	}
	t.Fields = fields
	if t.Fields == nil {
		t.Fields = []*Field{}
	}
	state[t] = 2
}

// at0 is at, for use where a parameter shadows at.
func at0(ctx string) string { return at(ctx) }

// defineAlias reads a named alias: a type expression that is not just
// another type's name (which would give the same type two names, and lose
// an object's methods in Go).
func (l *loader) defineAlias(t *Type, n *yaml.Node, ctx string) {
	ref := l.typeExpr(n, ctx, "type")
	if ref == nil {
		return
	}
	if ref.Kind == KindRef {
		l.errorf(n, "%stype: %q is a type of its own; use its name where %s is used, or name a type expression such as map[string]%s", at(ctx), ref.Ref.Name, t.Name, ref.Ref.Name)
		return
	}
	t.Alias = ref
}

// typeKeys are the keys of a type; defineType reads them (fields excludes
// enum and type; type with enum is the type of the enum's values).
func typeKeys() []key {
	return []key{{name: "description"}, {name: "fields"}, {name: "enum"}, {name: "enum_go_names"}, {name: "type"}, {name: "all_of"}, {name: "one_of"}, {name: "any_of"}, {name: "discriminator"}, {name: "go_name"}}
}

// fieldKeys are the keys of an object field; fields reads them.
func fieldKeys() []key {
	return []key{{name: "type", required: true}, {name: "description"}, {name: "required"}, {name: "go_name"}, {name: "nullable"}, {name: "default"}}
}

// validJSONName reports whether encoding/json accepts s as the name in a
// struct tag: letters, digits, space and !#$%&()*+-./:;<=>?@[]^_{|}~.
func validJSONName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r) {
			continue
		}
		if !isLetterOrDigit(r) {
			return false
		}
	}
	return true
}

// isLetterOrDigit reports whether r is a Unicode letter or digit.
func isLetterOrDigit(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// fields walks an object type's fields, in catalog order.
func (l *loader) fields(n, keyN *yaml.Node, t *Type) []*Field {
	ctx := fmt.Sprintf("type %q", t.Name)
	m := l.mapping(n, keyN, ctx, "field", nil)
	if m == nil {
		return nil
	}
	var out []*Field
	byGo := map[string]entry{}
	for _, e := range m.entries {
		fctx := fmt.Sprintf("type %q field %q", t.Name, e.name)
		if !validJSONName(e.name) {
			l.errorf(e.key, "%sthe JSON name cannot go into a Go struct tag (want letters, digits, space and !#$%%&()*+-./:;<=>?@[]^_{|}~)", at(fctx))
			continue
		}
		fm := l.typedMapping(e, fctx, fieldKeys())
		if fm == nil {
			continue
		}
		f := &Field{JSONName: e.name, Description: fm.description()}
		f.GoName = l.memberGoName(fm, e, fctx, "field", byGo)
		if v := fm.get("type"); v != nil {
			f.Type = l.typeExpr(v, fctx, "type")
		}
		f.Required = fm.optBool("required", false)
		f.Nullable = fm.optBool("nullable", false)
		if f.Nullable && f.Type != nil && f.Type.Kind == KindAny {
			l.errorf(fm.keyNode("nullable"), "%snullable: a field of type any already holds null as it is (json.RawMessage \"null\"); drop nullable", at(fctx))
			f.Nullable = false
		}
		if v := fm.get("default"); v != nil && f.Type != nil {
			// Checked once every type is defined: it may be a later enum's.
			l.afterTypes = append(l.afterTypes, func() { f.Default = l.defaultValue(v, f.Type, fctx) })
		}
		l.fieldKeys[f] = e.key
		out = append(out, f)
	}
	return out
}

// memberGoName returns the exported Go name of a field or query parameter
// (what): its go_name, or GoName of its name. It reports an unusable name,
// or one that byGo already holds for a sibling, and returns "" for an
// unusable one; byGo records the names taken.
func (l *loader) memberGoName(fm *mapNode, e entry, ctx, what string, byGo map[string]entry) string {
	g := l.chooseGoName(fm, e, ctx)
	if g == "" {
		return ""
	}
	if first, dup := byGo[g]; dup {
		l.errorf(e.key, "%sGo name %q is also the Go name of %s %q (line %d); set go_name on one of them", at(ctx), g, what, first.name, first.key.Line)
	} else {
		byGo[g] = e
	}
	return g
}

// chooseGoName is a member's go_name, checked, or the Go name of its
// catalog name.
func (l *loader) chooseGoName(fm *mapNode, e entry, ctx string) string {
	if v := fm.get("go_name"); v != nil {
		s, ok := l.nonEmpty(v, ctx, "go_name")
		if !ok {
			return ""
		}
		if why := checkExported(s); why != "" {
			l.errorf(v, "%sgo_name %q %s (want an exported Go identifier such as UserID)", at(ctx), s, why)
			return ""
		}
		return s
	}
	g := GoName(e.name)
	if why := checkExported(g); why != "" {
		l.errorf(e.key, "%sGo name %q %s; set go_name to choose one", at(ctx), g, why)
		return ""
	}
	return g
}

// checkRecursion reports object types that contain themselves through
// required fields (which are values, not pointers, in Go).
func (l *loader) checkRecursion(types []*Type) {
	reported := map[string]bool{}
	for _, start := range types {
		var path []*Field
		var owners []*Type
		onPath := map[*Type]bool{}
		done := map[*Type]bool{} // explored without reaching start
		var walk func(t *Type) bool
		walk = func(t *Type) bool {
			if onPath[t] {
				return t == start
			}
			if done[t] {
				return false
			}
			onPath[t] = true
			defer delete(onPath, t)
			defer func() { done[t] = true }()
			for _, f := range t.Fields {
				if !f.Required && !f.Nullable || f.Type == nil || f.Type.Kind != KindRef {
					continue
				}
				path = append(path, f)
				owners = append(owners, t)
				if walk(f.Type.Ref) {
					return true
				}
				path, owners = path[:len(path)-1], owners[:len(owners)-1]
			}
			return false
		}
		if !walk(start) {
			continue
		}
		members := make([]string, len(owners))
		steps := make([]string, len(owners))
		for i, o := range owners {
			members[i] = o.Name
			steps[i] = o.Name + "." + path[i].JSONName
		}
		sort.Strings(members)
		key := strings.Join(members, "\x00")
		if reported[key] {
			continue
		}
		reported[key] = true
		l.errorf(l.fieldKeys[path[0]], "type %q field %q: required fields make %s contain itself (%s → %s); make one of these fields optional",
			start.Name, path[0].JSONName, start.Name, strings.Join(steps, " → "), start.Name)
	}
}

// checkPackageNames reports package-level Go names that the runtime
// reserves or that two catalog items share.
func (l *loader) checkPackageNames() {
	names := append([]pkgName(nil), l.pkgNames...)
	sort.SliceStable(names, func(i, j int) bool {
		if names[i].node.Line != names[j].node.Line {
			return names[i].node.Line < names[j].node.Line
		}
		return names[i].node.Column < names[j].node.Column
	})
	seen := map[string]pkgName{}
	for _, n := range names {
		if IsReservedName(n.goName) {
			l.errorf(n.node, "%s: Go name %q is taken by the generated runtime (%s); %s", n.what, n.goName, reservedWhat(n.goName), reservedFix(n))
			continue
		}
		if first, dup := seen[n.goName]; dup {
			l.errorf(n.node, "%s: Go name %q is also the Go name of %s (line %d); %s", n.what, n.goName, first.what, first.node.Line, n.fix)
			continue
		}
		seen[n.goName] = n
	}
}

// typedMapping checks the mapping of a field or parameter, whose keys are
// keys. A bare type ("id: string") gets a hint.
func (l *loader) typedMapping(e entry, ctx string, keys []key) *mapNode {
	if d := deref(e.val); d != nil && d.Kind == yaml.ScalarNode && d.ShortTag() != "!!null" {
		l.errorf(e.val, "%swant a mapping such as {type: %s}, got %s", at(ctx), d.Value, describe(d))
		return nil
	}
	return l.keyed(e.val, e.key, ctx, keys)
}

// defaultValue checks a field's default against its type and returns it as
// JSON text, or "" after reporting what is wrong.
func (l *loader) defaultValue(v *yaml.Node, ref *TypeRef, ctx string) string {
	d := deref(v)
	if d.Kind != yaml.ScalarNode || d.ShortTag() == "!!null" {
		l.errorf(v, "%sdefault: want a single value (a string, number or boolean), got %s", at(ctx), describe(v))
		return ""
	}
	tag := d.ShortTag()
	want := ""
	switch ref.Kind {
	case KindInteger, KindInt32, KindInt64:
		if tag != "!!int" {
			want = "a whole number"
		}
	case KindNumber, KindFloat32:
		if tag != "!!int" && tag != "!!float" {
			want = "a number"
		}
	case KindBoolean:
		if tag != "!!bool" {
			want = "true or false"
		}
	case KindString, KindDateTime, KindDate, KindBytes:
	case KindRef:
		if ref.Ref.IsEnum() {
			x, ok := l.enumDefault(v, d, ref.Ref, ctx)
			if !ok {
				return ""
			}
			return l.defaultJSON(v, x, ctx)
		}
		fallthrough
	default:
		l.errorf(v, "%sdefault: only fields of a scalar or enum type have one (this is %s)", at(ctx), describeRef(ref))
		return ""
	}
	if want != "" {
		l.errorf(v, "%sdefault: want %s for a field of %s, got %s", at(ctx), want, describeRef(ref), describe(v))
		return ""
	}
	var x any = d.Value // strings and dates are written as strings
	switch ref.Kind {
	case KindInteger, KindInt32, KindInt64, KindNumber, KindFloat32, KindBoolean:
		if err := d.Decode(&x); err != nil {
			l.errorf(v, "%sdefault: %v", at(ctx), err)
			return ""
		}
	}
	return l.defaultJSON(v, x, ctx)
}

// defaultJSON writes a default, the Go value x, as JSON text.
func (l *loader) defaultJSON(v *yaml.Node, x any, ctx string) string {
	b, err := json.Marshal(x)
	if err != nil {
		l.errorf(v, "%sdefault: %v", at(ctx), err)
		return ""
	}
	return string(b)
}
