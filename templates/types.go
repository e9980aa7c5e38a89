package templates

import (
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitTypes renders types_gen.go: one Go type per catalog type, string
// enums with a constant per value, objects as structs with JSON tags.
func emitTypes(f *jen.File, m *spec.Model) bool {
	if len(m.Types) == 0 {
		return false
	}
	for _, t := range m.Types {
		switch {
		case t.IsEnum():
			emitEnum(f, t)
		case t.IsAlias():
			emitAlias(f, t)
		default:
			emitStruct(f, t)
		}
	}
	return true
}

func emitEnum(f *jen.File, t *spec.Type) {
	decl(f, typeDoc(t).
		Type().Id(t.GoName).String())
	consts := make([]jen.Code, len(t.Enum))
	for i, v := range t.Enum {
		consts[i] = jen.Id(v.GoName).Id(t.GoName).Op("=").Lit(v.Value)
	}
	decl(f, doc("Values of "+t.GoName+".").Const().Defs(consts...))
	names := make([]jen.Code, len(t.Enum))
	for i, v := range t.Enum {
		names[i] = jen.Id(v.GoName)
	}
	decl(f, doc("Known reports whether v is one of the values the catalog lists for "+t.GoName+". "+
		"Any other string decodes too, so that a server may add values; check Known where it matters.").
		Func().Params(jen.Id("v").Id(t.GoName)).Id("Known").Params().Bool().Block(
		jen.Switch(jen.Id("v")).Block(jen.Case(names...).Block(jen.Return(jen.True()))),
		jen.Return(jen.False())))
	decl(f, doc(t.GoName+"Values returns the values the catalog lists for "+t.GoName+", in catalog order.").
		Func().Id(t.GoName+"Values").Params().Index().Id(t.GoName).Block(
		jen.Return(jen.Index().Id(t.GoName).Values(names...))))
}

// emitAlias renders a named alias as a defined type over its expression,
// or, where a defined type would lose the JSON methods of the expression's
// Go type (free-form JSON, date-time, date), as a Go type alias.
func emitAlias(f *jen.File, t *spec.Type) {
	s := typeDoc(t).Type().Id(t.GoName)
	if goAlias(t) {
		s = s.Op("=")
	}
	decl(f, s.Add(valueType(t.Alias)))
}

// goAlias reports whether the named alias t is a Go type alias (=).
func goAlias(t *spec.Type) bool {
	switch t.Alias.Kind {
	case spec.KindAny, spec.KindDateTime, spec.KindDate:
		return true
	}
	return false
}

func emitStruct(f *jen.File, t *spec.Type) {
	fields := make([]jen.Code, len(t.Fields))
	for i, fl := range t.Fields {
		tag := fl.JSONName
		typ := goType(fl.Type, fl.Required)
		switch {
		case fl.Nullable:
			typ = jen.Id("Nullable").Types(valueType(fl.Type))
			if !fl.Required {
				tag += ",omitzero" // omitempty leaves structs alone
			}
		case !fl.Required:
			tag += ",omitempty"
		}
		fields[i] = doc(fieldDoc(fl)).Id(fl.GoName).Add(typ).Tag(map[string]string{"json": tag})
	}
	d := sentence(t.GoName, "is", t.Description, false)
	if len(t.AllOf) > 0 {
		names := make([]string, len(t.AllOf))
		for i, p := range t.AllOf {
			names[i] = p.GoName
		}
		if d != "" {
			d += "\n\n"
		}
		d += t.GoName + " has the fields of " + strings.Join(names, ", ") + " (all_of), then its own."
	}
	decl(f, doc(d).Type().Id(t.GoName).Struct(fields...))
}

// typeDoc is a type's comment: what the catalog says of it, and nothing
// when it says nothing.
func typeDoc(t *spec.Type) *jen.Statement {
	return doc(sentence(t.GoName, "is", t.Description, false))
}

// fieldDoc is a field's comment: its description, and its default when the
// catalog gives one.
func fieldDoc(fl *spec.Field) string {
	if fl.Default == "" {
		return fl.Description
	}
	text := strings.TrimSpace(fl.Description)
	if text != "" {
		text += "\n\n"
	}
	return text + "Default: " + fl.Default + " (the server's; the client does not fill it in)."
}
