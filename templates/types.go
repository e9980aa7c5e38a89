package templates

import (
	"encoding/json"
	"strconv"
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
		case t.IsUnion() && t.Union.Discriminator != "":
			emitTaggedUnion(f, t)
		case t.IsUnion():
			emitRawUnion(f, t)
		default:
			emitStruct(f, t)
			if t.Form {
				emitFormValues(f, t)
			}
		}
	}
	return true
}

// emitEnum renders an enum: a string type, or for an integer enum an int,
// int32 or int64 type, with a constant per value, Known and the Values
// function.
func emitEnum(f *jen.File, t *spec.Type) {
	base, other := jen.String(), "string"
	if t.IsIntEnum() {
		base, other = valueType(&spec.TypeRef{Kind: t.EnumBase}), "integer"
	}
	decl(f, typeDoc(t).
		Type().Id(t.GoName).Add(base))
	consts := make([]jen.Code, len(t.Enum))
	for i, v := range t.Enum {
		var value jen.Code = jen.Lit(v.Value)
		if t.IsIntEnum() {
			value = jen.Op(strconv.FormatInt(v.Int, 10))
		}
		consts[i] = jen.Id(v.GoName).Id(t.GoName).Op("=").Add(value)
	}
	decl(f, doc("Values of "+t.GoName+".").Const().Defs(consts...))
	names := make([]jen.Code, len(t.Enum))
	for i, v := range t.Enum {
		names[i] = jen.Id(v.GoName)
	}
	decl(f, doc("Known reports whether v is one of the values the catalog lists for "+t.GoName+". "+
		"Any other "+other+" decodes too, so that a server may add values; check Known where it matters.").
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

// memberList names a union's members for comments: "Circle, Square".
func memberList(u *spec.Union) string {
	names := make([]string, len(u.Members))
	for i, mb := range u.Members {
		names[i] = mb.Name
	}
	return strings.Join(names, ", ")
}

// unionHead is the start of a member's JSON: the opening brace and the
// discriminator, encoded as encoding/json writes them.
func unionHead(u *spec.Union, mb *spec.UnionMember) string {
	prop, _ := json.Marshal(u.Discriminator)
	value, _ := json.Marshal(mb.Value)
	return "{" + string(prop) + ":" + string(value)
}

// emitTaggedUnion renders a union with a discriminator: a sealed interface
// that its members implement, and a wrapper struct holding one of them,
// which fields, bodies and responses use and which reads and writes the
// discriminator.
func emitTaggedUnion(f *jen.File, t *spec.Type) {
	u := t.Union
	iface := t.GoName + "Value"
	marker := "is" + iface
	d := sentence(t.GoName, "is", t.Description, false)
	if d != "" {
		d += "\n\n"
	}
	d += t.GoName + " holds one of " + memberList(u) + ", told apart by the JSON property " + strconv.Quote(u.Discriminator) + ". " +
		"Switch on Value's type to see which; a nil Value is null. A value of " + strconv.Quote(u.Discriminator) + " that the catalog does not map is a decoding error."
	decl(f, doc(d).Type().Id(t.GoName).Struct(
		doc("Value is one of "+memberList(u)+".").Id("Value").Id(iface),
	))
	decl(f, doc(iface+" is implemented by the members of "+t.GoName+" only: "+memberList(u)+".").
		Type().Id(iface).Interface(jen.Id(marker).Params()))
	for _, mb := range u.Members {
		decl(f, jen.Func().Params(jen.Id(mb.Type.Ref.GoName)).Id(marker).Params().Block())
	}
	var cases []jen.Code
	cases = append(cases, jen.Case(jen.Nil()).Block(jen.Return(jen.Index().Byte().Parens(jen.Lit("null")), jen.Nil())))
	var want []string
	for _, mb := range u.Members {
		cases = append(cases, jen.Case(jen.Id(mb.Type.Ref.GoName)).Block(
			jen.Return(jen.Id("unionMarshal").Call(jen.Lit(unionHead(u, mb)), jen.Id("v")))))
		want = append(want, mb.Value)
	}
	decl(f, doc("MarshalJSON writes Value with its "+strconv.Quote(u.Discriminator)+".").
		Func().Params(jen.Id("u").Id(t.GoName)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Switch(jen.Id("v").Op(":=").Id("u").Dot("Value").Assert(jen.Type())).Block(cases...),
		jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("json: "+t.GoName+".Value holds a %T; want one of "+memberList(u)), jen.Id("u").Dot("Value"))),
	))
	var dcases []jen.Code
	for _, mb := range u.Members {
		dcases = append(dcases, jen.Case(jen.Lit(mb.Value)).Block(
			jen.Var().Id("v").Id(mb.Type.Ref.GoName),
			jen.If(jen.Err().Op(":=").Qual("encoding/json", "Unmarshal").Call(jen.Id("data"), jen.Op("&").Id("v")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id("u").Dot("Value").Op("=").Id("v"),
			jen.Return(jen.Nil()),
		))
	}
	decl(f, doc("UnmarshalJSON reads the member that "+strconv.Quote(u.Discriminator)+" names; null leaves u as it is.").
		Func().Params(jen.Id("u").Op("*").Id(t.GoName)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.List(jen.Id("tag"), jen.Id("ok"), jen.Err()).Op(":=").Id("unionTag").Call(jen.Id("data"), jen.Lit(t.GoName), jen.Lit(u.Discriminator)),
		jen.If(jen.Op("!").Id("ok")).Block(jen.Return(jen.Err())),
		jen.Switch(jen.Id("tag")).Block(dcases...),
		jen.Return(jen.Qual("fmt", "Errorf").Call(jen.Lit("json: unknown "+u.Discriminator+" %q of "+t.GoName+" (want "+strings.Join(want, ", ")+")"), jen.Id("tag"))),
	))
}

// emitRawUnion renders a union without a discriminator: it keeps the JSON
// as it came, and typed accessors decode it as one member or another.
func emitRawUnion(f *jen.File, t *spec.Type) {
	u := t.Union
	d := sentence(t.GoName, "is", t.Description, false)
	if d != "" {
		d += "\n\n"
	}
	word := "one"
	if u.AnyOf {
		word = "one or more"
	}
	d += t.GoName + " holds " + word + " of " + memberList(u) + ", with nothing in the JSON to say which: " +
		"it keeps the JSON as it came, and the As methods decode it as one member or another (the caller knows, or tries). " +
		"The From methods set it."
	decl(f, doc(d).Type().Id(t.GoName).Struct(jen.Id("raw").Qual("encoding/json", "RawMessage")))
	decl(f, doc("Raw returns the JSON u holds, nil when it holds nothing.").
		Func().Params(jen.Id("u").Id(t.GoName)).Id("Raw").Params().Qual("encoding/json", "RawMessage").Block(jen.Return(jen.Id("u").Dot("raw"))))
	for _, mb := range u.Members {
		typ := valueType(mb.Type)
		decl(f, doc("As"+mb.Name+" decodes u as a "+mb.Name+".").
			Func().Params(jen.Id("u").Id(t.GoName)).Id("As"+mb.Name).Params().Params(typ, jen.Error()).Block(
			jen.Var().Id("v").Add(typ.Clone()),
			jen.Err().Op(":=").Id("jsonUnmarshal").Call(jen.Id("u").Dot("raw"), jen.Op("&").Id("v")),
			jen.Return(jen.Id("v"), jen.Err()),
		))
		decl(f, doc("From"+mb.Name+" sets u to v.").
			Func().Params(jen.Id("u").Op("*").Id(t.GoName)).Id("From"+mb.Name).Params(jen.Id("v").Add(typ.Clone())).Error().Block(
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Id("jsonMarshal").Call(jen.Op("&").Id("v")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
			jen.Id("u").Dot("raw").Op("=").Id("b"),
			jen.Return(jen.Nil()),
		))
	}
	decl(f, doc("MarshalJSON writes the JSON u holds, null when it holds nothing.").
		Func().Params(jen.Id("u").Id(t.GoName)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("unionRawMarshal").Call(jen.Id("u").Dot("raw")))))
	decl(f, doc("UnmarshalJSON keeps a copy of data.").
		Func().Params(jen.Id("u").Op("*").Id(t.GoName)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Id("u").Dot("raw").Op("=").Append(jen.Id("u").Dot("raw").Index(jen.Empty(), jen.Lit(0), jen.Lit(0)), jen.Id("data").Op("...")),
		jen.Return(jen.Nil())))
}
