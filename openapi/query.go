package openapi

import (
	"fmt"
	"slices"
	"strings"

	"github.com/clientgen/clientgen/spec"
)

// queryParam maps one query parameter of an operation to the endpoint's
// query, with the catalog style of its serialization, or leaves it out
// with a warning.
func (m *mapper) queryParam(o *op, e *endpoint, p opParam, ctx string) {
	where := o.method + " " + o.path
	note := func(format string, args ...any) {
		e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: query parameter %q "+format, append([]any{where, p.name}, args...)...))
	}
	if p.style == "json" {
		note("(as JSON content) not expressible; left out (send it with WithCallQuery)")
		return
	}
	if a := m.cat.auth; a != nil && a.in == "query" && a.name == p.name {
		note("left out: it carries the credential of client.auth, which sends it")
		return
	}
	if !validJSONName(p.name) || strings.ContainsAny(p.name, " ") {
		e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: query parameter name %q not expressible; left out", where, p.name))
		return
	}
	q := &param{name: p.name, required: p.required, description: describe(p.description, &p.deprecated)}
	if p.style == "deepObject" {
		types, warnings := len(m.cat.types), len(m.warnings)
		typ, why := m.deepObjectType(p, ctx+goIdent(p.name))
		if why != "" {
			note("(deepObject) %s; left out (send it with WithCallQuery)", why)
			return
		}
		q.typ, q.style = typ, spec.QueryDeepObject
		for _, o := range e.query {
			if m.sends(q, o.name) {
				m.forget(types, warnings)
				note("(deepObject) sends the key of query parameter %q; left out (send it with WithCallQuery)", o.name)
				return
			}
		}
		if p.explode != nil && !*p.explode {
			note("is deepObject without explode, which OpenAPI leaves undefined; the client sends it as deepObject with explode (%s[key]=value)", p.name)
		}
		e.query = append(e.query, q)
		return
	}
	for _, o := range e.query {
		if m.sends(o, p.name) {
			note("is a key that deepObject parameter %q sends; left out (send it with WithCallQuery)", o.name)
			return
		}
	}
	if p.v2 == nil && (p.style == "" || p.style == "form") && m.formObject(o, e, p, ctx) {
		return
	}
	q.typ = m.paramType(o, p, ctx+goIdent(p.name), true, &e.notes)
	if strings.HasPrefix(q.typ, "[]") {
		var why string
		q.style, why = listStyle(p)
		if why != "" {
			note("%s", why)
		}
	}
	e.query = append(e.query, q)
}

// formObject maps a query parameter whose schema is an object, in style
// form, and says whether it was one. With explode (the default), form
// sends each property as a query parameter of its own
// (role=admin&firstName=Alex): each property that is a scalar, an enum or
// a list of them becomes one, unless another parameter of the operation
// has its name (a declared parameter wins, then the first object's
// property), and the object's inline type is not declared. Without
// explode (id=role,admin,firstName,Alex) it is a string the caller joins.
// An object of free keys (a map) is left out.
func (m *mapper) formObject(o *op, e *endpoint, p opParam, ctx string) bool {
	where := o.method + " " + o.path
	note := func(format string, args ...any) Warning {
		return m.warn(at(p.node, o.pointer), "%s: query parameter %q"+format, append([]any{where, p.name}, args...)...)
	}
	if s := p.schema.Schema(); s == nil || !(slices.Contains(s.Type, "object") || s.Properties != nil && s.Properties.Len() > 0 || len(s.AllOf) > 0 || s.AdditionalProperties != nil) {
		return false // no object: not mapped twice
	}
	types, warnings := len(m.cat.types), len(m.warnings)
	typ, _ := m.expr(p.schema, ctx+goIdent(p.name))
	t := m.typeByName(typ)
	isMap := strings.HasPrefix(typ, "map[string]")
	if !isMap && (t == nil || !t.isObject()) {
		m.forget(types, warnings) // mapped again as a parameter of another type
		return false
	}
	if p.explode != nil && !*p.explode {
		m.forget(types, warnings)
		e.notes = append(e.notes, note(" is an object sent form without explode (%s=key,value,key,value), which the catalog has no style for; sent as a string: join its keys and values with commas", p.name))
		e.query = append(e.query, &param{name: p.name, typ: "string", required: p.required, description: describe(p.description, &p.deprecated)})
		return true
	}
	if isMap {
		m.forget(types, warnings)
		e.notes = append(e.notes, note(" is an object of free keys (additionalProperties) sent form, each key a query parameter of its own, which the catalog cannot declare; left out (send them with WithCallQuery)"))
		return true
	}
	declared := map[string]bool{}
	for _, d := range o.params {
		if d.in == "query" && d.name != p.name {
			declared[d.name] = true
		}
	}
	fresh := slices.Index(m.cat.types, t) >= types // an inline object's type, declared for it
	var params []*param
	var why []string // what is said of the properties, once the mapping's types and warnings are pruned
	keepTypes, keepNotes := map[string]bool{}, map[Warning]bool{}
	var fields []*field // a property declared again (allOf) in the place of the first
	for _, f := range m.allFields(t) {
		if i := slices.IndexFunc(fields, func(g *field) bool { return g.json == f.json }); i >= 0 {
			fields[i] = f
			continue
		}
		fields = append(fields, f)
	}
	for _, f := range fields {
		name := f.json
		var clash string
		for _, d := range e.query {
			if d.name == name && d.from != "" {
				clash = fmt.Sprintf("is also a property of query parameter %q, which sends it; left out (send it with WithCallQuery)", d.from)
			} else if m.sends(d, name) {
				clash = fmt.Sprintf("is a key that deepObject parameter %q sends; left out (send it with WithCallQuery)", d.name)
			}
		}
		typ := f.typ
		elem, list := strings.CutPrefix(typ, "[]")
		scalar, ok := m.paramScalar(elem)
		switch a := m.cat.auth; {
		case strings.ContainsAny(name, " "):
			why = append(why, fmt.Sprintf("property %q not expressible as a query parameter name; left out (send it with WithCallQuery)", name))
		case a != nil && a.in == "query" && a.name == name:
			why = append(why, fmt.Sprintf("property %q has the name of the query parameter of client.auth, which carries the credential; left out", name))
		case declared[name]:
			why = append(why, fmt.Sprintf("property %q has the name of query parameter %q, which is declared and sent instead; left out", name, name))
		case clash != "":
			why = append(why, fmt.Sprintf("property %q %s", name, clash))
		case !ok:
			what := m.what(typ)
			if list {
				switch w := m.what(elem); w {
				case "an object", "an array":
					what = "an array of " + strings.TrimPrefix(w, "an ") + "s"
				case "free-form":
					what = "an array of free-form values"
				case "one of several types":
					what = "an array of values of several types"
				default:
					what = "an array of values " + w
				}
			}
			why = append(why, fmt.Sprintf("property %q is %s; form sends each property as a query parameter of its own, a scalar or a list of scalars: left out (send it with WithCallQuery)", name, what))
		default:
			if f.nullable {
				why = append(why, fmt.Sprintf("property %q is nullable; a query parameter is sent or left out, never null: it is optional", name))
			}
			if list {
				scalar = "[]" + scalar
			}
			params = append(params, &param{name: name, typ: scalar, required: p.required && f.required, description: describe(f.description, &p.deprecated), from: p.name})
			keepTypes[elem] = true
			if fresh {
				// what mapping the property said (a $ref's type says it)
				for _, w := range f.notes {
					keepNotes[w] = true
				}
				e.notes = append(e.notes, f.notes...)
			}
		}
	}
	if fresh {
		// the object is written out as parameters: its type, and those
		// of the properties left out, are not used
		m.prune(types, warnings, func(t *ctype) bool { return keepTypes[t.name] }, func(w Warning) bool { return keepNotes[w] })
	}
	if s := p.schema.Schema(); s != nil && s.AdditionalProperties != nil && (s.AdditionalProperties.IsA() || s.AdditionalProperties.B) {
		e.notes = append(e.notes, note(" allows properties besides its own (additionalProperties), each a query parameter of its own when sent form; the catalog declares its properties only (send others with WithCallQuery)"))
	}
	for _, w := range why {
		e.notes = append(e.notes, note(": %s", w))
	}
	e.query = append(e.query, params...)
	return true
}

// sends says whether the query parameter d is a deep object that sends a
// key named name, whose value one of them would overwrite.
func (m *mapper) sends(d *param, name string) bool {
	if d.style != spec.QueryDeepObject {
		return false
	}
	var fields []string
	if t := m.typeByName(d.typ); t != nil {
		for _, f := range m.allFields(t) {
			fields = append(fields, f.json)
		}
	}
	return spec.DeepObjectClash(d.name, fields, strings.HasPrefix(d.typ, "map[string]"), name)
}

// listStyle maps the serialization of an array query parameter to a
// catalog style ("" for form, the default), with a note when the document
// asks for what the catalog cannot write (then: repeated parameters).
func listStyle(p opParam) (string, string) {
	const fallback = "; the client sends it as repeated parameters (form, explode)"
	if p.v2 != nil {
		switch p.style {
		case "multi":
			return "", ""
		case "csv":
			return spec.QueryComma, ""
		case "ssv":
			return spec.QuerySpace, ""
		case "pipes":
			return spec.QueryPipe, ""
		case "tsv":
			return "", "is an array sent tab-separated (collectionFormat tsv), which the catalog has no style for" + fallback
		}
		return "", fmt.Sprintf("is an array sent with collectionFormat %q, which Swagger 2.0 does not define%s", p.style, fallback)
	}
	explode := p.explode != nil && *p.explode
	switch p.style {
	case "", "form":
		if p.explode == nil || explode {
			return "", ""
		}
		return spec.QueryComma, ""
	case "spaceDelimited", "pipeDelimited":
		if explode {
			return "", "is an array sent " + p.style + " with explode, which OpenAPI leaves undefined" + fallback
		}
		if p.style == "spaceDelimited" {
			return spec.QuerySpace, ""
		}
		return spec.QueryPipe, ""
	}
	return "", fmt.Sprintf("is an array of style %s, which query parameters do not take%s", p.style, fallback)
}

// deepObjectType maps the schema of a deepObject parameter to a catalog
// type that style deep_object sends: an object type whose fields, or a map
// whose values, are scalars or enums, none nullable. Otherwise it
// says why not: OpenAPI leaves nested objects and arrays in a deep object
// undefined, and servers disagree on them (a[b][c]=1, a[b][]=1).
func (m *mapper) deepObjectType(p opParam, ctx string) (typ, why string) {
	types, warnings := len(m.cat.types), len(m.warnings)
	defer func() {
		if why != "" {
			m.forget(types, warnings)
		}
	}()
	typ, _ = m.expr(p.schema, ctx)
	const only = "the catalog sends scalars and enums only in a deep object (nested objects and arrays have no defined form)"
	if elem, ok := strings.CutPrefix(typ, "map[string]"); ok {
		if _, ok := m.paramScalar(elem); !ok {
			return "", fmt.Sprintf("has values that are %s; %s", m.what(elem), only)
		}
		return typ, ""
	}
	t := m.typeByName(typ)
	if t == nil || !t.isObject() {
		return "", fmt.Sprintf("is %s, not an object", m.what(typ))
	}
	for _, f := range m.allFields(t) {
		if f.nullable {
			return "", fmt.Sprintf("has the nullable property %q; a deep object's fields are sent or left out, never null", f.json)
		}
		if _, ok := m.paramScalar(f.typ); !ok {
			return "", fmt.Sprintf("has the property %q, which is %s; %s", f.json, m.what(f.typ), only)
		}
	}
	return typ, ""
}

// what describes the value of a type expression in a warning, without the
// name of a type that is forgotten with its parameter.
func (m *mapper) what(typ string) string {
	switch t := m.typeByName(typ); {
	case strings.HasPrefix(typ, "[]"):
		return "an array"
	case strings.HasPrefix(typ, "map[string]"), t != nil && t.isObject():
		return "an object"
	case t != nil && t.kind == kindUnion:
		return "one of several types"
	case typ == "any":
		return "free-form"
	}
	return "of type " + typ
}

// forget drops the types declared, and the warnings given, since the
// catalog held types types and the mapper warnings warnings: those of the
// schema of a parameter that is left out, which would otherwise stay in
// the catalog unused. A $ref among them is mapped again where it is used.
func (m *mapper) forget(types, warnings int) {
	m.prune(types, warnings, func(*ctype) bool { return false }, func(Warning) bool { return false })
}

// prune is forget, but keeps the types and warnings that keep says to.
func (m *mapper) prune(types, warnings int, keepType func(*ctype) bool, keepWarning func(Warning) bool) {
	if len(m.cat.types) == types && len(m.warnings) == warnings {
		return
	}
	var kept []*ctype
	gone := map[string]bool{}
	for _, t := range m.cat.types[types:] {
		if keepType(t) {
			kept = append(kept, t)
			continue
		}
		gone[t.name] = true
		delete(m.typeNames, t.name)
		delete(m.byName, t.name)
		for ref, nt := range m.named {
			if nt == t {
				delete(m.named, ref)
			}
		}
	}
	for ref, c := range m.collapsed {
		if gone[rootType(c.expr)] {
			delete(m.collapsed, ref)
		}
	}
	m.cat.types = append(m.cat.types[:types], kept...)
	m.warnings = append(m.warnings[:warnings], slices.DeleteFunc(slices.Clone(m.warnings[warnings:]), func(w Warning) bool { return !keepWarning(w) })...)
}
