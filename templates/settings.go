package templates

import (
	"reflect"
	"time"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitSettings renders settings_gen.go: the catalog's client settings as
// one settings value for the runtime, and the two constructors that use it.
func emitSettings(f *jen.File, m *spec.Model) bool {
	c := m.Client
	name := c.Name

	decl(f, doc("NewClient returns a client of the "+name+" API whose methods block until the call ends. "+
		"Options override the catalog's defaults and the environment; see Option.").
		Func().Id("NewClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("Client"), jen.Error()).Block(
		jen.Return(jen.Id("newClient").Call(jen.Id("catalogSettings").Call(), jen.Id("opts"))),
	))
	decl(f, doc("NewAsyncClient returns a client of the "+name+" API whose methods start the call and return a handle at once. "+
		"It shares the runtime, and so every behaviour, with the Client.").
		Func().Id("NewAsyncClient").Params(jen.Id("opts").Op("...").Id("Option")).Params(jen.Op("*").Id("AsyncClient"), jen.Error()).Block(
		jen.Return(jen.Id("newAsyncClient").Call(jen.Id("catalogSettings").Call(), jen.Id("opts"))),
	))

	decl(f, doc("catalogSettings returns the settings of "+oneLine(m.Source)+".").
		Func().Id("catalogSettings").Params().Id("settings").Block(
		jen.Return(literal(runtimeSettings{Client: c, Operations: m.Operations})),
	))
	return true
}

// runtimeSettings is what the runtime's settings hold: the client section
// and the operation protocol.
type runtimeSettings struct {
	spec.Client
	Operations *spec.Operations
}

// runtimeTypes names the runtime type (templates/rt/settings_rt.go) that
// holds each struct type of the model's settings. The runtime's fields are
// named as the model's, in lower camel case (see runtimeField).
func runtimeTypes() map[reflect.Type]string {
	return map[reflect.Type]string{
		reflect.TypeFor[runtimeSettings]():     "settings",
		reflect.TypeFor[spec.Env]():            "envNames",
		reflect.TypeFor[spec.Auth]():           "authSettings",
		reflect.TypeFor[spec.RetryPolicy]():    "retryPolicy",
		reflect.TypeFor[spec.RetryBudget]():    "retryBudgetSettings",
		reflect.TypeFor[spec.ErrorFormat]():    "errorFormat",
		reflect.TypeFor[spec.Diagnostics]():    "diagnostics",
		reflect.TypeFor[spec.DiagnosticRule](): "diagnosticRule",
		reflect.TypeFor[spec.Operations]():     "operationProtocol",
	}
}

// literal renders v, a value of the model's settings, as the composite
// literal of the runtime value that holds it. Struct fields tagged rt:"-"
// are not the runtime's, and zero values (empty slices too) are left out.
func literal(v any) jen.Code {
	return literalOf(reflect.ValueOf(v), runtimeTypes())
}

func literalOf(v reflect.Value, types map[reflect.Type]string) *jen.Statement {
	if d, ok := v.Interface().(time.Duration); ok {
		return duration(d)
	}
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Float64:
		return jen.Lit(v.Interface())
	case reflect.Int, reflect.Int64:
		return jen.Lit(int(v.Int()))
	case reflect.Pointer:
		return jen.Op("&").Add(literalOf(v.Elem(), types))
	case reflect.Slice:
		elems := make([]jen.Code, v.Len())
		structs := v.Type().Elem().Kind() == reflect.Struct
		for i := range elems {
			if structs { // the element type is implied: {...}
				elems[i] = jen.Values(multiline(structFields(v.Index(i), types))...)
			} else {
				elems[i] = literalOf(v.Index(i), types)
			}
		}
		if structs {
			elems = multiline(elems)
		}
		return jen.Index().Add(runtimeType(v.Type().Elem(), types)).Values(elems...)
	case reflect.Struct:
		return runtimeType(v.Type(), types).Values(multiline(structFields(v, types))...)
	}
	panic("templates: no literal for " + v.Type().String())
}

// structFields renders the fields of the struct v that the runtime holds
// and that are not zero; embedded structs add their fields.
func structFields(v reflect.Value, types map[reflect.Type]string) []jen.Code {
	var out []jen.Code
	for i := range v.NumField() {
		f, fv := v.Type().Field(i), v.Field(i)
		switch {
		case f.Tag.Get("rt") == "-" || fv.IsZero() || fv.Kind() == reflect.Slice && fv.Len() == 0:
		case f.Anonymous:
			out = append(out, structFields(fv, types)...)
		default:
			out = append(out, field(runtimeField(f.Name), literalOf(fv, types)))
		}
	}
	return out
}

// runtimeType is the Go type of the runtime that holds values of t.
func runtimeType(t reflect.Type, types map[reflect.Type]string) *jen.Statement {
	switch {
	case t == reflect.TypeFor[time.Duration]():
		return jen.Qual("time", "Duration")
	case t.Kind() == reflect.Pointer:
		return jen.Op("*").Add(runtimeType(t.Elem(), types))
	case t.Kind() == reflect.Struct:
		if name, ok := types[t]; ok {
			return jen.Id(name)
		}
		panic("templates: no runtime type for " + t.String())
	}
	return jen.Id(t.Kind().String())
}

// runtimeField is the runtime's name of the model field name: lower camel
// case, with a leading initialism lower-cased whole (APIPrefix → apiPrefix,
// BaseURL → baseURL).
func runtimeField(name string) string {
	r := []rune(name)
	n := 0
	for n < len(r) && unicode.IsUpper(r[n]) {
		n++
	}
	if n > 1 && n < len(r) {
		n-- // the last capital starts the next word
	}
	for i := range n {
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}

// multiline puts each element of a composite literal on its own line.
func multiline(elems []jen.Code) []jen.Code {
	out := make([]jen.Code, 0, len(elems)+1)
	for _, e := range elems {
		out = append(out, jen.Line().Add(e))
	}
	return append(out, jen.Line())
}
