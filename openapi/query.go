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
	for _, t := range m.cat.types[types:] {
		delete(m.typeNames, t.name)
		delete(m.byName, t.name)
		for ref, nt := range m.named {
			if nt == t {
				delete(m.named, ref)
			}
		}
	}
	for ref, c := range m.collapsed {
		if t := m.byName[rootType(c.expr)]; t != nil && slices.Contains(m.cat.types[types:], t) {
			delete(m.collapsed, ref)
		}
	}
	m.cat.types, m.warnings = m.cat.types[:types], m.warnings[:warnings]
}
