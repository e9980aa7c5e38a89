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

// stringEnum says whether every non-null enum value is a string, one at
// least not empty.
func stringEnum(s *base.Schema) bool { return stringValues(s.Enum) }

// stringValues says whether every non-null value is a string, one at
// least not empty: a string enum. A value without a letter or digit gets
// a constant named for its symbols (symbolWord); the empty string gets
// none (enumOf).
func stringValues(values []*yaml.Node) bool {
	named := false
	for _, v := range values {
		if v == nil || v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" {
			return false
		}
		named = named || v.Value != ""
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
// string, which a catalog enum cannot list, is left out with a warning:
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
		m.fillType(t, s, sp)
		return t.name, null
	}
	return m.inlineExpr(s, sp, ctx)
}

// refExpr maps a $ref: a named type for objects, enums and unions, the
// referenced expression written inline otherwise.
func (m *mapper) refExpr(sp *base.SchemaProxy, ctx string) (string, bool) {
	ref := sp.GetReference()
	key := m.refKey(sp)
	if t, ok := m.named[key]; ok {
		return t.name, false
	}
	s := sp.Schema()
	if s == nil {
		m.warn(at(schemaNode(sp), ""), "$ref %q could not be resolved (%v); mapped to any", ref, sp.GetBuildError())
		return "any", false
	}
	if needsType(s) {
		return m.defineRef(key, s, sp).name, false
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
// recursive references find it.
func (m *mapper) defineRef(key string, s *base.Schema, sp *base.SchemaProxy) *ctype {
	t := m.newType(refName(key))
	m.named[key] = t
	m.fillType(t, s, sp)
	return t
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

// fillType fills a named type from its schema.
func (m *mapper) fillType(t *ctype, s *base.Schema, sp *base.SchemaProxy) {
	t.description = describe(firstNonEmpty(s.Description, s.Title), s.Deprecated)
	node := schemaNode(sp)
	t.pos = m.place(at(node, "#"))
	if s.XML != nil {
		t.notes = append(t.notes, m.warn(at(node, ""), "type %s: xml not expressible; the type is JSON only", t.name))
	}
	if alts, key, _ := alternatives(s); len(alts) > 1 {
		m.fillUnion(t, s, alts, key, node)
		return
	}
	if len(s.Enum) > 0 && (s.Properties == nil || s.Properties.Len() == 0) {
		if stringEnum(s) {
			m.enumOf(t, s.Enum, "")
			return
		}
		if base := intEnumType(s); base != "" {
			m.enumOf(t, s.Enum, base)
			return
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

// defaultValue converts a default when it fits the catalog's rules.
func (m *mapper) defaultValue(v *yaml.Node, typ, tname, fname string, node *yaml.Node) *outyaml.Node {
	out := &outyaml.Node{Kind: outyaml.ScalarNode, Value: v.Value, Tag: v.Tag}
	ok := v.Kind == yaml.ScalarNode
	if ok {
		switch typ {
		case "string", "uuid", "uri":
			ok = v.Tag == "!!str"
		case "integer", "int32", "int64":
			_, err := strconv.ParseInt(v.Value, 10, 32)
			ok = v.Tag == "!!int" && err == nil
		case "number", "float", "double":
			ok = v.Tag == "!!int" || v.Tag == "!!float"
			_, err := strconv.ParseFloat(v.Value, 64)
			ok = ok && err == nil
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

// fillUnion makes t a union of alts.
func (m *mapper) fillUnion(t *ctype, s *base.Schema, alts []*base.SchemaProxy, key string, node *yaml.Node) {
	t.kind = kindUnion
	t.unionKey = key
	byRef := map[string]string{}
	seen := map[string]bool{}
	for i, a := range alts {
		e, _ := m.expr(a, fmt.Sprintf("%sOption%d", t.name, i+1))
		if strings.HasPrefix(e, "[]") || strings.HasPrefix(e, "map[") {
			alias := m.newType(fmt.Sprintf("%sOption%d", t.name, i+1))
			alias.kind = kindAlias
			alias.alias = e
			e = alias.name
		}
		if e == t.name {
			t.notes = append(t.notes, m.warn(at(schemaNode(a), ""), "type %s: member %d is the union itself, which adds no value to it; left out of the union", t.name, i+1))
			continue
		}
		if e == "any" || seen[e] {
			t.notes = append(t.notes, m.warn(at(schemaNode(a), ""), "type %s: member %d (%s) repeats a member or is free-form; left out of the union", t.name, i+1, e))
			continue
		}
		seen[e] = true
		t.members = append(t.members, e)
		if a.IsReference() {
			byRef[a.GetReference()] = e
		}
	}
	if len(t.members) < 2 {
		// one member left: still a union of one is not useful; make it an alias.
		t.kind = kindAlias
		t.alias = "any"
		if len(t.members) == 1 && !strings.HasPrefix(t.members[0], "[") {
			t.alias = "any"
		}
		t.members = nil
		return
	}
	d := s.Discriminator
	if d == nil || d.PropertyName == "" {
		return
	}
	for _, mem := range t.members {
		mt := m.typeByName(mem)
		if mt == nil || !mt.isObject() {
			t.notes = append(t.notes, m.warn(at(node, ""), "type %s: discriminator %q needs object members, %s is not; the union has no discriminator (use the As/From accessors)", t.name, d.PropertyName, mem))
			return
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
			return
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
		return
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
