package openapi

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	outyaml "gopkg.in/yaml.v3"
)

// maxDepth bounds the nesting of inline schemas: deeper ones become any.
const maxDepth = 64

// schemaNode returns the node of a schema proxy, for positions.
func schemaNode(sp *base.SchemaProxy) *yaml.Node {
	if sp == nil {
		return nil
	}
	if n := sp.GetReferenceNode(); n != nil && n.Line > 0 {
		return n
	}
	return sp.GetValueNode()
}

// emptySchema reports whether sp is {}, the schema any value fits.
func emptySchema(sp *base.SchemaProxy) bool {
	if sp == nil || sp.IsReference() {
		return false
	}
	n := sp.GetValueNode()
	return n != nil && n.Kind == yaml.MappingNode && len(n.Content) == 0
}

// nullOnly reports whether s is {type: null}.
func nullOnly(sp *base.SchemaProxy) bool {
	if sp == nil || sp.IsReference() {
		return false
	}
	s := sp.Schema()
	return s != nil && len(s.Type) == 1 && s.Type[0] == "null"
}

// nonNull returns s's types without "null", and whether "null" was there.
func nonNull(s *base.Schema) ([]string, bool) {
	var out []string
	null := s.Nullable != nil && *s.Nullable
	for _, t := range s.Type {
		if t == "null" {
			null = true
			continue
		}
		out = append(out, t)
	}
	return out, null
}

// alternatives returns the oneOf or anyOf members without {type: null}
// ones, the catalog key, and whether a null member was there.
func alternatives(s *base.Schema) ([]*base.SchemaProxy, string, bool) {
	list, key := s.OneOf, "one_of"
	if len(list) == 0 {
		list, key = s.AnyOf, "any_of"
	}
	var out []*base.SchemaProxy
	null := false
	for _, sp := range list {
		if nullOnly(sp) {
			null = true
			continue
		}
		out = append(out, sp)
	}
	return out, key, null
}

// refName is the type name a $ref suggests: its last path token, or the
// file's base name.
func refName(ref string) string {
	name := ref
	if i := strings.LastIndexByte(name, '#'); i >= 0 {
		frag := name[i+1:]
		if frag == "" || frag == "/" {
			name = name[:i]
		} else {
			name = frag
		}
	}
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ReplaceAll(strings.ReplaceAll(name, "~1", "/"), "~0", "~")
	if i := strings.IndexByte(name, '.'); i > 0 && (strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml") || strings.HasSuffix(name, ".json")) {
		name = name[:i]
	}
	return name
}

// needsType says whether a schema becomes a named catalog type.
func needsType(s *base.Schema) bool {
	if s == nil {
		return false
	}
	if len(s.AllOf) > 1 || len(s.AllOf) == 1 && s.Properties != nil && s.Properties.Len() > 0 {
		return true
	}
	if alts, _, _ := alternatives(s); len(alts) > 1 {
		return true
	}
	if len(s.Enum) > 0 && (stringEnum(s) || intEnumType(s) != "") {
		return true
	}
	return s.Properties != nil && s.Properties.Len() > 0
}

// stringEnum says whether every non-null enum value is a string, at
// least one that the catalog can list.
func stringEnum(s *base.Schema) bool { return stringValues(s.Enum) }

// stringValues says whether every non-null value is a string, at
// least one that the catalog can list (not empty, without blank space
// around it): a string enum. A value without a letter or digit gets a
// constant named for its symbols (symbolWord); the others get none
// (enumOf).
func stringValues(values []*yaml.Node) bool {
	named := false
	for _, v := range values {
		if v == nil || v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
			return false
		}
		named = named || v.Value != "" && strings.TrimSpace(v.Value) == v.Value
	}
	return named
}

// intEnumType is the catalog type of the values of s as an integer enum
// (integer, int32 or int64), or "" when s is not one: its type, if any,
// is integer, and its non-null enum values are integers in decimal that
// fit an int64. Its format chooses int32 or int64; a value beyond the
// int32 range takes int64, since the catalog's integer (Go's int) has 32
// bits on 32-bit platforms.
func intEnumType(s *base.Schema) string {
	if types, _ := nonNull(s); len(types) > 1 || len(types) == 1 && types[0] != "integer" {
		return ""
	}
	return intEnumOf(s.Enum, s.Format)
}

// intEnumOf is intEnumType of the enum values of an integer schema or
// Swagger 2.0 parameter of the given format.
func intEnumOf(values []*yaml.Node, format string) string {
	n, wide := 0, false
	for _, v := range values {
		if v == nil || v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!int" {
			return ""
		}
		i, err := strconv.ParseInt(v.Value, 10, 64)
		if err != nil || strconv.FormatInt(i, 10) != v.Value {
			return ""
		}
		wide = wide || i < math.MinInt32 || i > math.MaxInt32
		n++
	}
	switch {
	case n == 0:
		return ""
	case format == "int64" || wide:
		return "int64"
	case format == "int32":
		return "int32"
	}
	return "integer"
}

// enumOf fills t as the enum of the non-null values, each once; base is
// the type of an integer enum's values, "" for a string enum. The empty
// string, which a catalog enum cannot list, and a value with blank space
// around it, which the catalog reads without, are left out with a warning:
// it still decodes, as any value the enum does not list does.
func (m *mapper) enumOf(t *ctype, values []*yaml.Node, base string) {
	t.kind = kindEnum
	t.enumBase = base
	seen := map[string]bool{}
	for _, v := range values {
		if v == nil || v.Tag == "!!null" || seen[v.Value] {
			continue
		}
		seen[v.Value] = true
		if v.Value == "" && base == "" {
			t.notes = append(t.notes, m.warn(at(v, ""), "type %s: the enum value \"\" has no constant (a catalog enum lists no empty string); it decodes as a value the enum does not list", t.name))
			continue
		}
		if strings.TrimSpace(v.Value) != v.Value && base == "" {
			t.notes = append(t.notes, m.warn(at(v, ""), "type %s: the enum value %q has no constant (the catalog reads a value without the blank space around it); it decodes as a value the enum does not list", t.name, v.Value))
			continue
		}
		t.enum = append(t.enum, v.Value)
	}
}

// expr maps a schema to a type expression; nullable says whether it also
// allows null. ctx names an inline type defined for it.
func (m *mapper) expr(sp *base.SchemaProxy, ctx string) (string, bool) {
	if sp == nil {
		return "any", false
	}
	if m.depth > maxDepth {
		m.warn(at(schemaNode(sp), ""), "schema nested deeper than %d levels; mapped to any", maxDepth)
		return "any", false
	}
	m.depth++
	defer func() { m.depth-- }()
	if sp.IsReference() {
		return m.refExpr(sp, ctx)
	}
	s := sp.Schema()
	if s == nil {
		m.warn(at(schemaNode(sp), ""), "schema could not be read (%v); mapped to any", sp.GetBuildError())
		return "any", false
	}
	if needsType(s) {
		_, null := nonNull(s)
		if alts, _, n := alternatives(s); len(alts) > 0 {
			null = null || n
		}
		t := m.newType(ctx)
		e, n := m.fillType(t, s, sp, "")
		return e, null || n
	}
	return m.inlineExpr(s, sp, ctx)
}

// refExpr maps a $ref: a named type for objects, enums and unions, the
// referenced expression written inline otherwise.
func (m *mapper) refExpr(sp *base.SchemaProxy, ctx string) (string, bool) {
	ref := sp.GetReference()
	key := m.refKey(sp)
	if c, ok := m.collapsed[key]; ok {
		m.warnings = append(m.warnings, c.notes...)
		return c.expr, c.null
	}
	if t, ok := m.named[key]; ok {
		return t.name, false
	}
	s := sp.Schema()
	if s == nil {
		m.warn(at(schemaNode(sp), ""), "$ref %q could not be resolved (%v); mapped to any", ref, sp.GetBuildError())
		return "any", false
	}
	if needsType(s) {
		m.defineRef(key, s, sp)
		return m.refExpr(sp, ctx)
	}
	if x, ok := m.inlined[key]; ok {
		return x.expr, x.null
	}
	if m.inlining[ref] {
		m.warn(at(schemaNode(sp), ""), "$ref %q contains itself through lists or maps only; the inner occurrence is mapped to any", ref)
		return "any", false
	}
	m.inlining[ref] = true
	defer delete(m.inlining, ref)
	e, null := m.inlineExpr(s, sp, refName(ref))
	// Mapped once: the types it declares (the enum of a nullable
	// anyOf [enum, null]) are declared once, and its warnings said once.
	m.inlined[key] = inlinedRef{e, null}
	return e, null
}

// inlinedRef is what a $ref written inline maps to.
type inlinedRef struct {
	expr string
	null bool
}

// refKey names the schema a $ref reaches however it is spelt: a
// reference into another file (models/user.yml, ./user.yml,
// ../models/user.yml, or #/x inside that file) by the file's absolute
// path and the fragment; one into the document by its fragment, as the
// document's components are declared.
func (m *mapper) refKey(sp *base.SchemaProxy) string {
	ref := sp.GetReference()
	o := sp.GetReferenceOrigin()
	if m.rolodex == nil || o == nil || o.AbsoluteLocation == "" {
		return ref
	}
	frag := ""
	if i := strings.IndexByte(ref, '#'); i >= 0 {
		frag = ref[i:]
	}
	if root := m.rolodex.GetRootIndex(); root != nil && root.GetSpecAbsolutePath() == o.AbsoluteLocation && frag != "" {
		return frag
	}
	return o.AbsoluteLocation + frag
}

// defineRef declares the named type of a $ref before filling it, so that
// recursive references find it. A union whose members are all one type
// maps to that type (collapsed): then the warnings of its mapping are
// given where it is used, as for a schema written inline.
func (m *mapper) defineRef(key string, s *base.Schema, sp *base.SchemaProxy) {
	t := m.newType(refName(key))
	m.named[key] = t
	warnings := len(m.warnings)
	e, null := m.fillType(t, s, sp, key)
	if _, n := nonNull(s); n {
		null = true // an object or enum that allows null: nullable where used
	}
	switch {
	case e != t.name:
		notes := slices.Clone(m.warnings[warnings:])
		m.warnings = m.warnings[:warnings]
		m.collapsed[key] = collapsed{expr: e, null: null, notes: notes}
	case null:
		m.collapsed[key] = collapsed{expr: e, null: null}
	}
}

// collapsed is what a $ref to a union of one type maps to.
type collapsed struct {
	expr  string
	null  bool
	notes []Warning // given at each use
}

// inlineExpr maps a schema that needs no named type.
func (m *mapper) inlineExpr(s *base.Schema, sp *base.SchemaProxy, ctx string) (string, bool) {
	types, null := nonNull(s)
	if len(s.AllOf) == 1 {
		e, n := m.expr(s.AllOf[0], ctx)
		return e, null || n
	}
	if alts, _, n := alternatives(s); len(alts) == 1 {
		e, n2 := m.expr(alts[0], ctx)
		return e, null || n || n2
	}
	if len(s.Enum) > 0 {
		for _, v := range s.Enum {
			if v != nil && v.Tag == "!!null" {
				null = true
			}
		}
		if len(types) == 0 {
			types = []string{enumScalar(s)}
		}
		if len(s.Enum) > 0 && !(len(types) == 1 && types[0] == "string") || !stringEnum(s) {
			m.warn(at(schemaNode(sp), ""), "%s; mapped to %s without the list of values", enumLoss(s.Enum, types), scalarOf(types, s.Format))
		}
	}
	m.unsupportedKeywords(s, sp)
	switch len(types) {
	case 0:
		if s.AdditionalProperties != nil {
			return m.mapOf(s, ctx), null
		}
		return "any", false
	case 1:
	default:
		m.warn(at(schemaNode(sp), ""), "a value of several types (%s) has no catalog type; mapped to any", strings.Join(types, ", "))
		return "any", false
	}
	switch types[0] {
	case "array":
		if s.Items == nil || !s.Items.IsA() {
			return "[]any", null
		}
		e, _ := m.expr(s.Items.A, ctx+"Item")
		return "[]" + e, null
	case "object":
		return m.mapOf(s, ctx), null
	}
	return scalarOf(types, s.Format), null
}

// mapOf maps an object without properties to a map.
func (m *mapper) mapOf(s *base.Schema, ctx string) string {
	if s.AdditionalProperties != nil && s.AdditionalProperties.IsA() && s.AdditionalProperties.A != nil {
		e, _ := m.expr(s.AdditionalProperties.A, ctx+"Value")
		return "map[string]" + e
	}
	return "map[string]any"
}

// enumLoss says why an enum of values, of a schema of the given types,
// cannot be a catalog enum: what they are, and what a catalog enum holds.
func enumLoss(values []*yaml.Node, types []string) string {
	var kinds []string
	for _, v := range values {
		k := "null"
		if v != nil && v.Tag != "!!null" {
			k = map[string]string{"!!int": "integer", "!!float": "number", "!!bool": "boolean", "!!str": "string"}[v.Tag]
			if k == "" || v.Kind != yaml.ScalarNode {
				k = "structured"
			}
		}
		if !slices.Contains(kinds, k) {
			kinds = append(kinds, k)
		}
	}
	what := strings.Join(kinds, " and ")
	if len(kinds) > 2 {
		what = strings.Join(kinds[:len(kinds)-1], ", ") + " and " + kinds[len(kinds)-1]
	}
	if what == "integer" && len(types) == 1 && types[0] != "integer" {
		return "enum of integer values of type " + types[0] + " cannot be a catalog enum (an integer enum's type is integer)"
	}
	return "enum of " + what + " values cannot be a catalog enum (strings, or integers in decimal that fit an int64)"
}

// enumScalar names the JSON kind of the first non-null enum value.
func enumScalar(s *base.Schema) string {
	for _, v := range s.Enum {
		if v == nil || v.Tag == "!!null" {
			continue
		}
		switch v.Tag {
		case "!!int":
			return "integer"
		case "!!float":
			return "number"
		case "!!bool":
			return "boolean"
		}
		return "string"
	}
	return "string"
}

// scalarOf maps a JSON Schema type and format to a catalog expression.
func scalarOf(types []string, format string) string {
	if len(types) != 1 {
		return "any"
	}
	switch types[0] {
	case "string":
		switch format {
		case "date-time", "date", "uuid", "uri":
			return format
		case "byte":
			return "base64"
		}
		return "string"
	case "integer":
		if format == "int32" || format == "int64" {
			return format
		}
		return "integer"
	case "number":
		if format == "float" || format == "double" {
			return format
		}
		return "number"
	case "boolean":
		return "boolean"
	case "array":
		return "[]any"
	case "object":
		return "map[string]any"
	}
	return "any"
}

// unsupportedKeywords warns about JSON Schema keywords with no catalog form.
func (m *mapper) unsupportedKeywords(s *base.Schema, sp *base.SchemaProxy) {
	var kw []string
	if s.Not != nil {
		kw = append(kw, "not")
	}
	if s.If != nil {
		kw = append(kw, "if/then/else")
	}
	if s.PatternProperties != nil && s.PatternProperties.Len() > 0 {
		kw = append(kw, "patternProperties")
	}
	if len(s.PrefixItems) > 0 {
		kw = append(kw, "prefixItems")
	}
	if s.Const != nil {
		kw = append(kw, "const")
	}
	if len(kw) > 0 {
		m.warn(at(schemaNode(sp), ""), "%s not expressible in a catalog; ignored (the client does not check it)", strings.Join(kw, ", "))
	}
}

// newType declares a catalog type with a unique name derived from base.
func (m *mapper) newType(base string) *ctype {
	name := typeName(base)
	for i := 2; m.typeNames[name]; i++ {
		name = typeName(base) + strconv.Itoa(i)
	}
	m.typeNames[name] = true
	t := &ctype{name: name}
	m.cat.types = append(m.cat.types, t)
	m.byName[name] = t
	return t
}

// builtins are the catalog's type expression names, which a type may not take.
var builtins = []string{"string", "integer", "number", "boolean", "date-time", "any", "int32", "int64", "float", "double", "date", "uuid", "uri", "base64"}

// typeName makes s a valid catalog type name: a letter, then letters,
// digits, _ or -; other characters become _.
func typeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			b.WriteRune(r)
		case b.Len() > 0 && (r >= '0' && r <= '9' || r == '_' || r == '-'):
			b.WriteRune(r)
		case r >= '0' && r <= '9':
			b.WriteString("T")
			b.WriteRune(r)
		case b.Len() > 0:
			b.WriteByte('_')
		}
	}
	name := strings.TrimRight(b.String(), "_")
	if name == "" {
		name = "Type"
	}
	if slices.Contains(builtins, name) {
		name += "Type"
	}
	if len(name) > 100 {
		name = name[:100]
	}
	return name
}

// describe joins a description with a deprecation notice.
func describe(desc string, deprecated *bool) string {
	desc = strings.TrimSpace(desc)
	if deprecated != nil && *deprecated {
		if desc != "" {
			desc += "\n\n"
		}
		desc += "Deprecated."
	}
	return desc
}

// fillType fills a named type from its schema, that of the $ref ref (""
// for an inline schema), and returns the type expression it maps to: t's
// name, or, for a union whose members are all one type, that type, and
// whether that allows null.
func (m *mapper) fillType(t *ctype, s *base.Schema, sp *base.SchemaProxy, ref string) (string, bool) {
	t.description = describe(firstNonEmpty(s.Description, s.Title), s.Deprecated)
	node := schemaNode(sp)
	t.pos = m.place(at(node, "#"))
	if s.XML != nil {
		t.notes = append(t.notes, m.warn(at(node, ""), "type %s: xml not expressible; the type is JSON only", t.name))
	}
	if alts, key, null := alternatives(s); len(alts) > 1 {
		return m.fillUnion(t, s, alts, key, node, ref, null)
	}
	if len(s.Enum) > 0 && (s.Properties == nil || s.Properties.Len() == 0) {
		if stringEnum(s) {
			m.enumOf(t, s.Enum, "")
			return t.name, false
		}
		if base := intEnumType(s); base != "" {
			m.enumOf(t, s.Enum, base)
			return t.name, false
		}
	}
	t.kind = kindObject
	own := map[string]bool{}
	for i, part := range s.AllOf {
		if part.IsReference() {
			e, _ := m.expr(part, t.name)
			if pt := m.typeByName(e); pt != nil && pt.isObject() {
				if !slices.Contains(t.allOf, e) { // a part listed twice adds nothing
					t.allOf = append(t.allOf, e)
				}
				continue
			}
			t.notes = append(t.notes, m.warn(at(schemaNode(part), ""), "type %s: allOf part %d (%s) is not an object; left out of the type", t.name, i, e))
			continue
		}
		ps := part.Schema()
		if ps == nil {
			continue
		}
		if ps.Properties != nil && ps.Properties.Len() > 0 {
			m.addFields(t, ps, own)
			continue
		}
		if alts, _, _ := alternatives(ps); len(alts) > 0 || len(ps.AllOf) > 0 {
			t.notes = append(t.notes, m.warn(at(schemaNode(part), ""), "type %s: an inline allOf part that is itself a composition is not expressible; left out", t.name))
		}
	}
	// true and {} allow any extra property, which JSON Schema does
	// without them: dropping them when decoding loses nothing.
	if ap := s.AdditionalProperties; ap != nil && ap.IsA() && !emptySchema(ap.A) {
		t.notes = append(t.notes, m.warn(at(node, ""), "type %s: additionalProperties next to properties not expressible; extra properties are dropped when decoding", t.name))
	}
	m.addFields(t, s, own)
	return t.name, false
}

// addFields adds the properties of s to t.
func (m *mapper) addFields(t *ctype, s *base.Schema, own map[string]bool) {
	if s.Properties == nil {
		return
	}
	for name, psp := range s.Properties.FromOldest() {
		node := schemaNode(psp)
		if own[name] {
			continue
		}
		if !validJSONName(name) {
			t.notes = append(t.notes, m.warn(at(node, ""), "type %s: property %q cannot be a Go struct tag; left out (read it with Do)", t.name, name))
			continue
		}
		own[name] = true
		f := &field{json: name, required: slices.Contains(s.Required, name), pos: m.place(at(node, "#"))}
		before := len(m.warnings)
		f.typ, f.nullable = m.expr(psp, t.name+goIdent(name))
		if len(m.warnings) > before {
			f.notes = append(f.notes, m.warnings[before:]...)
		}
		if f.typ == "any" {
			f.nullable = false
		}
		if !psp.IsReference() {
			if ps := psp.Schema(); ps != nil {
				f.description = describe(firstNonEmpty(ps.Description, ps.Title), ps.Deprecated)
				if ps.Default != nil && ps.Default.Tag != "!!null" {
					f.def = m.defaultValue(ps.Default, f.typ, t.name, name, node)
					if f.def == nil {
						f.notes = append(f.notes, m.warnings[len(m.warnings)-1])
					}
				}
			}
		}
		t.fields = append(t.fields, f)
	}
}

// defaultValue converts a default when it fits the catalog's rules. A
// whole number is written in decimal without leading zeros: the catalog's
// YAML reads 0012 as octal.
func (m *mapper) defaultValue(v *yaml.Node, typ, tname, fname string, node *yaml.Node) *outyaml.Node {
	out := &outyaml.Node{Kind: outyaml.ScalarNode, Value: v.Value, Tag: v.Tag}
	ok := v.Kind == yaml.ScalarNode
	if ok {
		switch typ {
		case "string", "uuid", "uri":
			ok = v.Tag == "!!str"
		case "integer", "int32", "int64":
			n, err := strconv.ParseInt(v.Value, 10, 32)
			ok = v.Tag == "!!int" && err == nil
			out.Value = strconv.FormatInt(n, 10)
		case "number", "float", "double":
			ok = v.Tag == "!!int" || v.Tag == "!!float"
			_, err := strconv.ParseFloat(v.Value, 64)
			ok = ok && err == nil
			if n, err := strconv.ParseInt(v.Value, 10, 64); err == nil && v.Tag == "!!int" {
				out.Value = strconv.FormatInt(n, 10)
			}
		case "boolean":
			ok = v.Tag == "!!bool"
		default:
			et := m.typeByName(typ)
			want := "!!str"
			if et != nil && et.enumBase != "" {
				want = "!!int"
			}
			ok = et != nil && et.kind == kindEnum && v.Tag == want && slices.Contains(et.enum, v.Value)
		}
	}
	if !ok {
		m.warn(at(node, ""), "type %s field %q: default %s does not fit a catalog default of type %s; left out", tname, fname, oneLine(fmt.Sprint(v.Value)), typ)
		return nil
	}
	if out.Tag == "!!str" {
		out.Style = outyaml.DoubleQuotedStyle
	}
	return out
}

// fillUnion makes t a union of alts, the members other than null, and
// returns the type expression it maps to and whether it allows null (a
// null member, or a nullable one). A member that repeats an earlier one
// (the same type, an inline schema that declares the same type, a
// nullable variant) or is the union itself is left out; a union left with
// one member is that member's type, not a union (collapse), and one left
// with none, or with a free-form member and one other, is any.
func (m *mapper) fillUnion(t *ctype, s *base.Schema, alts []*base.SchemaProxy, key string, node *yaml.Node, ref string, null bool) (string, bool) {
	t.kind = kindUnion
	t.unionKey = key
	if _, n := nonNull(s); n {
		null = true
	}
	types0, warnings0 := len(m.cat.types), len(m.warnings)
	byRef := map[string]string{}
	type member struct {
		expr  string // its type expression
		alias *ctype // the named alias a list or map member takes
		i     int
	}
	var kept []member
	var left []Warning // members left out, said when the union stays one
	note := func(a *base.SchemaProxy, msg string) Warning {
		w := at(schemaNode(a), "")
		w.Msg = msg
		return w
	}
	freeForm := 0 // the first free-form member, from 1
	for i, a := range alts {
		types, warnings := len(m.cat.types), len(m.warnings)
		e, n := m.expr(a, fmt.Sprintf("%sOption%d", t.name, i+1))
		null = null || n
		if e == t.name {
			left = append(left, note(a, fmt.Sprintf("type %s: member %d is the union itself, which adds no value to it; left out of the union", t.name, i+1)))
			continue
		}
		if e == "any" {
			if freeForm == 0 {
				freeForm = i + 1
			}
			left = append(left, note(a, fmt.Sprintf("type %s: member %d is free-form (any value); left out of the union", t.name, i+1)))
			continue
		}
		k := slices.IndexFunc(kept, func(k member) bool {
			return k.expr == e || !a.IsReference() && m.sameType(k.expr, e, types)
		})
		if k >= 0 {
			what := e
			if kept[k].expr != e {
				// an inline schema that declares the type of member k again:
				// what its mapping declared and said goes
				m.forget(types, warnings)
				what = "the same schema"
			}
			left = append(left, note(a, fmt.Sprintf("type %s: member %d repeats member %d (%s); left out of the union", t.name, i+1, kept[k].i+1, what)))
			continue
		}
		mem := member{expr: e, i: i}
		if strings.HasPrefix(e, "[]") || strings.HasPrefix(e, "map[") {
			mem.alias = m.newType(fmt.Sprintf("%sOption%d", t.name, i+1))
			mem.alias.kind = kindAlias
			mem.alias.alias = e
		}
		kept = append(kept, mem)
		if a.IsReference() {
			byRef[a.GetReference()] = e
			if mem.alias != nil {
				byRef[a.GetReference()] = mem.alias.name
			}
		}
	}
	if len(kept) == 1 && freeForm == 0 {
		if kept[0].alias != nil {
			m.dropType(kept[0].alias)
		}
		return m.collapse(t, s, kept[0].expr, key, node, ref, null)
	}
	if len(kept) < 2 {
		// free-form, or nothing left: a union of one is no union, and
		// what its members declared is not used
		m.forget(types0, warnings0)
		t.kind = kindAlias
		t.alias = "any"
		if freeForm > 0 {
			t.notes = append(t.notes, m.warn(at(schemaNode(alts[freeForm-1]), ""), "type %s: member %d is free-form (any value), so the union is; mapped to any", t.name, freeForm))
			return t.name, false
		}
	}
	for _, w := range left {
		t.notes = append(t.notes, m.warn(w, "%s", w.Msg))
	}
	if t.kind == kindAlias {
		return t.name, false
	}
	for _, k := range kept {
		if k.alias != nil {
			t.members = append(t.members, k.alias.name)
		} else {
			t.members = append(t.members, k.expr)
		}
	}
	d := s.Discriminator
	if d == nil || d.PropertyName == "" {
		return t.name, null
	}
	for _, mem := range t.members {
		mt := m.typeByName(mem)
		if mt == nil || !mt.isObject() {
			t.notes = append(t.notes, m.warn(at(node, ""), "type %s: discriminator %q needs object members, %s is not; the union has no discriminator (use the As/From accessors)", t.name, d.PropertyName, mem))
			return t.name, null
		}
	}
	mapped := map[string]bool{}
	if d.Mapping != nil {
		values := map[string][]string{}
		for value, ref := range d.Mapping.FromOldest() {
			mem, ok := byRef[ref]
			if !ok {
				mem = byRef["#/components/schemas/"+ref]
			}
			if mem == "" {
				for r, name := range byRef {
					if refName(r) == refName(ref) {
						mem = name
					}
				}
			}
			if mem == "" {
				t.notes = append(t.notes, m.warn(at(node, ""), "type %s: discriminator value %q maps to %s, which is not a member; left out", t.name, value, ref))
				continue
			}
			values[mem] = append(values[mem], value)
			if !mapped[mem] {
				mapped[mem] = true
				t.discMap = append(t.discMap, [2]string{value, mem})
			}
		}
		// A catalog discriminator has one value per member, the one that
		// encoding writes: with several, all but one could not be sent.
		var several []string
		for _, mem := range t.members {
			if len(values[mem]) > 1 {
				several = append(several, strings.Join(values[mem], ", ")+" to "+mem)
			}
		}
		if len(several) > 0 {
			t.notes = append(t.notes, m.warn(at(node, ""), "type %s: discriminator %q maps %s, and a catalog discriminator has one value per member; the union has no discriminator (use the As/From accessors), its members keep the property for the caller to set", t.name, d.PropertyName, strings.Join(several, "; ")))
			t.discMap = nil
			return t.name, null
		}
	}
	for _, a := range alts {
		mem := byRef[a.GetReference()]
		if a.IsReference() && mem != "" && !mapped[mem] {
			mapped[mem] = true
			t.discMap = append(t.discMap, [2]string{refName(a.GetReference()), mem})
		}
	}
	if len(mapped) != len(t.members) {
		t.notes = append(t.notes, m.warn(at(node, ""), "type %s: discriminator %q does not name every member; the union has no discriminator (use the As/From accessors)", t.name, d.PropertyName))
		t.discMap = nil
		return t.name, null
	}
	t.discProp = d.PropertyName
	for _, mem := range t.members {
		mt := m.typeByName(mem)
		for i, f := range mt.fields {
			if f.json == d.PropertyName {
				mt.fields = slices.Delete(mt.fields, i, i+1)
				mt.notes = append(mt.notes, m.warn(at(node, ""), "type %s: property %q left out; the union %s writes and reads it", mem, d.PropertyName, t.name))
				break
			}
		}
	}
	return t.name, null
}

// collapse makes the union t, whose members are all the type expression e
// (null aside), that type: an inline schema's type becomes t itself;
// otherwise t is dropped, and the types its mapping declared that refer
// to it refer to e instead, unless e is a list or map of its own (then t
// stays, as a named alias of e). It returns what the union maps to.
func (m *mapper) collapse(t *ctype, s *base.Schema, e, key string, node *yaml.Node, ref string, null bool) (string, bool) {
	word := map[string]string{"one_of": "oneOf", "any_of": "anyOf"}[key]
	orNull, nullable := "", ""
	if null {
		orNull, nullable = " or null", ", nullable,"
	}
	moot := ""
	if d := s.Discriminator; d != nil && d.PropertyName != "" {
		moot = fmt.Sprintf(" (its discriminator %q has nothing to tell apart)", d.PropertyName)
	}
	at := at(node, "")
	ti := slices.Index(m.cat.types, t)
	if u := m.byName[e]; u != nil && slices.Index(m.cat.types, u) > ti && !m.isNamed(u) {
		name, notes, desc := t.name, t.notes, t.description
		*t = *u
		t.name, t.notes = name, append(notes, u.notes...)
		if desc != "" {
			t.description = desc
		}
		m.dropType(u)
		if null {
			nullable = " (nullable)"
		}
		t.notes = append(t.notes, m.warn(at, "type %s: every member of its %s is the same schema%s; %s is that schema%s instead of a union%s", t.name, word, orNull, t.name, nullable, moot))
		return t.name, null
	}
	after := m.cat.types[ti+1:]
	if (strings.HasPrefix(e, "[]") || strings.HasPrefix(e, "map[")) && (rootType(e) == t.name || m.retarget(t.name, e, null, after, true)) {
		if rootType(e) == t.name {
			// a list or map of itself: as for a $ref, the inner one is any
			t.notes = append(t.notes, m.warn(at, "type %s contains itself through lists or maps only; the inner occurrence is mapped to any", t.name))
		}
		t.kind, t.alias = kindAlias, strings.TrimSuffix(e, t.name)+"any"
		if rootType(e) != t.name {
			t.alias = e
		}
		t.notes = append(t.notes, m.warn(at, "type %s: every member of its %s is %s%s; %s is a named alias of %s instead of a union%s", t.name, word, e, orNull, t.name, t.alias, moot))
		return t.name, null
	}
	m.retarget(t.name, e, null, after, false)
	m.dropType(t)
	what := "a " + word
	if word == "anyOf" {
		what = "an " + word
	}
	if ref != "" {
		what = "schema " + refName(ref) + ": every member of its " + word
	} else {
		what = "every member of " + what
	}
	m.warn(at, "%s is %s%s; mapped to %s%s instead of a union%s", what, e, orNull, e, nullable, moot)
	return e, null
}

// rootType is the type name, or scalar, that a type expression lists or
// maps to (A of []map[string]A).
func rootType(e string) string {
	for {
		switch {
		case strings.HasPrefix(e, "[]"):
			e = e[2:]
		case strings.HasPrefix(e, "map[string]"):
			e = e[len("map[string]"):]
		default:
			return e
		}
	}
}

// retarget makes the types of types, and the $refs collapsed so far, that
// refer to the type from refer to the expression to instead (a field of
// from itself becomes nullable with null), or, with check, only says
// whether one does.
func (m *mapper) retarget(from, to string, null bool, types []*ctype, check bool) bool {
	found := false
	re := func(x string) (string, bool) {
		if x == "" || rootType(x) != from {
			return x, false
		}
		found = true
		return strings.TrimSuffix(x, from) + to, x == from
	}
	for _, t := range types {
		for _, f := range t.fields {
			typ, exact := re(f.typ)
			if !check {
				f.typ, f.nullable = typ, f.nullable || exact && null
			}
		}
		alias, _ := re(t.alias)
		var members []string
		for _, mem := range t.members {
			mem, _ = re(mem)
			if !slices.Contains(members, mem) {
				members = append(members, mem)
			}
		}
		if check {
			continue
		}
		t.alias = alias
		for i := range t.discMap {
			t.discMap[i][1], _ = re(t.discMap[i][1])
		}
		if t.kind == kindUnion && len(members) < len(t.members) {
			t.notes = append(t.notes, m.warn(Warning{Pointer: "#"}, "type %s: member %s is %s again, a union of one type; left out of the union", t.name, from, to))
			if len(members) < 2 {
				t.kind, t.alias, members, t.discProp, t.discMap = kindAlias, "any", nil, "", nil
			}
		}
		t.members = members
	}
	if !check {
		for ref, c := range m.collapsed {
			if e, exact := re(c.expr); e != c.expr {
				c.expr, c.null = e, c.null || exact && null
				m.collapsed[ref] = c
			}
		}
	}
	return found
}

// isNamed says whether t is the type of a $ref.
func (m *mapper) isNamed(t *ctype) bool {
	for _, nt := range m.named {
		if nt == t {
			return true
		}
	}
	return false
}

// dropType takes t, declared but not used, out of the catalog.
func (m *mapper) dropType(t *ctype) {
	m.cat.types = slices.DeleteFunc(m.cat.types, func(x *ctype) bool { return x == t })
	if m.byName[t.name] == t {
		delete(m.byName, t.name)
		delete(m.typeNames, t.name)
	}
	for ref, nt := range m.named {
		if nt == t {
			delete(m.named, ref)
		}
	}
}

// sameType says whether the type expressions x and y are one type: equal,
// or where they differ, y names types declared since the catalog held from
// types (an inline schema's, whose mapping declared them anew) that have
// the content of x's.
func (m *mapper) sameType(x, y string, from int) bool {
	fresh := map[*ctype]bool{}
	for _, t := range m.cat.types[from:] {
		fresh[t] = true
	}
	assumed := map[[2]*ctype]bool{} // pairs under comparison: equal unless shown otherwise
	var same func(x, y string) bool
	sameList := func(x, y []string) bool {
		return len(x) == len(y) && !slices.ContainsFunc(x, func(s string) bool { i := slices.Index(x, s); return !same(s, y[i]) })
	}
	same = func(x, y string) bool {
		if x == y {
			return true
		}
		for _, p := range []string{"[]", "map[string]"} {
			if strings.HasPrefix(x, p) && strings.HasPrefix(y, p) {
				return same(x[len(p):], y[len(p):])
			}
		}
		a, b := m.byName[x], m.byName[y]
		if a == nil || b == nil || !fresh[b] {
			return false
		}
		if assumed[[2]*ctype{a, b}] {
			return true
		}
		assumed[[2]*ctype{a, b}] = true
		if a.kind != b.kind || a.enumBase != b.enumBase || !slices.Equal(a.enum, b.enum) || a.unionKey != b.unionKey ||
			a.discProp != b.discProp || len(a.discMap) != len(b.discMap) || len(a.fields) != len(b.fields) ||
			!sameList(a.allOf, b.allOf) || !sameList(a.members, b.members) || (a.alias != b.alias && !same(a.alias, b.alias)) {
			return false
		}
		for i, d := range a.discMap {
			if d[0] != b.discMap[i][0] || !same(d[1], b.discMap[i][1]) {
				return false
			}
		}
		for i, f := range a.fields {
			g := b.fields[i]
			if f.json != g.json || f.required != g.required || f.nullable != g.nullable || !same(f.typ, g.typ) ||
				(f.def == nil) != (g.def == nil) || f.def != nil && (f.def.Value != g.def.Value || f.def.Tag != g.def.Tag) {
				return false
			}
		}
		return true
	}
	return same(x, y)
}

// typeByName finds a declared type.
func (m *mapper) typeByName(name string) *ctype {
	return m.byName[name]
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// allFields lists the fields of an object type: those of its all_of
// parts, in order, then its own; a part that composes itself adds nothing
// the second time.
func (m *mapper) allFields(t *ctype) []*field {
	var all func(t *ctype, seen map[*ctype]bool) []*field
	all = func(t *ctype, seen map[*ctype]bool) []*field {
		if seen[t] {
			return nil
		}
		seen[t] = true
		defer delete(seen, t)
		var out []*field
		for _, a := range t.allOf {
			if pt := m.typeByName(a); pt != nil {
				out = append(out, all(pt, seen)...)
			}
		}
		return append(out, t.fields...)
	}
	return all(t, map[*ctype]bool{})
}

// flattenAllOf writes out the all_of of a type as fields where a field
// would come twice (a type refining a field of its parts, or two parts
// sharing one): the catalog has each field of a composed type once. The
// last declaration wins (the type's own fields come last), in the place
// of the first.
func (m *mapper) flattenAllOf() {
	flatten := func(t *ctype) (dups []string) {
		fields := m.allFields(t)
		idx := map[string]int{}
		var out []*field
		for _, f := range fields {
			c := *f
			c.notes = nil
			if i, ok := idx[f.json]; ok {
				if !slices.Contains(dups, f.json) {
					dups = append(dups, f.json)
				}
				c.notes = f.notes
				out[i] = &c
				continue
			}
			idx[f.json] = len(out)
			out = append(out, &c)
		}
		t.allOf, t.fields = nil, out
		return dups
	}
	for _, t := range m.cat.types {
		if len(t.allOf) == 0 {
			continue
		}
		saved, savedFields := t.allOf, t.fields
		if dups := flatten(t); len(dups) > 0 {
			t.notes = append(t.notes, m.warn(t.pos, "type %s: field(s) %s declared by more than one of its allOf parts and properties; all_of written out as fields, the last declaration's type kept", t.name, strings.Join(dups, ", ")))
		} else {
			t.allOf, t.fields = saved, savedFields
		}
	}
	// A union's discriminator is written and read by the union: a member
	// that has the property through its allOf parts is written out as
	// fields without it.
	for _, u := range m.cat.types {
		if u.kind != kindUnion || u.discProp == "" {
			continue
		}
		for _, mem := range u.members {
			mt := m.typeByName(mem)
			if mt == nil || !slices.ContainsFunc(m.allFields(mt), func(f *field) bool { return f.json == u.discProp }) {
				continue
			}
			// A member written out above (it refines a field of its
			// parts) has the property again among its own fields.
			how := "(from its allOf parts) left out"
			if len(mt.allOf) > 0 {
				flatten(mt)
				how += ", and the parts written out as fields"
			}
			mt.fields = slices.DeleteFunc(mt.fields, func(f *field) bool { return f.json == u.discProp })
			mt.notes = append(mt.notes, m.warn(mt.pos, "type %s: property %q %s; the union %s writes and reads it", mem, u.discProp, how, u.name))
		}
	}
}
