package templates

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitCodecTypes renders codec_gen.go (or one shard of it) for types: the reflection-free JSON codec
// that the runtime's jsonUnmarshal and jsonMarshal use
// (rt/jsoncodec_rt.go, rt/jsoncodec_write_rt.go): a decodeJSONFast method
// for every object type that is ever decoded and an encodeJSONFast method
// for every one that is ever encoded (see codecUses). Each field costs one
// line each way; the runtime primitives do the parsing, checking and
// formatting, and fall back to encoding/json wherever the result could
// differ from it, or where a type has no method. It reports whether it
// rendered anything.
func emitCodecTypes(f *jen.File, types []*spec.Type, use codecUse) bool {
	emitted := false
	for _, t := range types {
		if t.IsEnum() || t.IsAlias() || !use.dec[t] && !use.enc[t] {
			continue
		}
		if t.IsUnion() {
			if use.dec[t] {
				emitUnionDecoder(f, t)
			}
			if use.enc[t] {
				emitUnionEncoder(f, t)
			}
			emitted = true
			continue
		}
		fields := codecFields(t)
		if use.dec[t] {
			emitDecoder(f, t, fields)
		}
		if use.enc[t] {
			emitEncoder(f, t, fields)
		}
		emitted = true
	}
	return emitted
}

// codecUse says which object types the client ever decodes (dec) and
// encodes (enc).
type codecUse struct {
	dec, enc map[*spec.Type]bool
}

// codecUses finds the object types that need each half of the codec: a
// type is decoded when it is reachable from an endpoint's response or the
// operation status response, and encoded when it is reachable from a
// request body. Other types get no method for that direction; the runtime
// handles them with encoding/json, which no request path reaches.
func codecUses(m *spec.Model) codecUse {
	use := codecUse{dec: map[*spec.Type]bool{}, enc: map[*spec.Type]bool{}}
	for _, ep := range m.Endpoints {
		markReachable(use.dec, ep.Response)
		for _, sr := range ep.Responses {
			markReachable(use.dec, sr.Type)
		}
		markReachable(use.enc, ep.Body)
		if ep.Stream != nil {
			markReachable(use.dec, ep.Stream.Event)
		}
	}
	if m.Operations != nil {
		markReachable(use.dec, m.Operations.Response)
	}
	return use
}

// markReachable adds the object types that a value of type ref holds,
// directly or through its fields and elements, to seen.
func markReachable(seen map[*spec.Type]bool, ref *spec.TypeRef) {
	for ref != nil {
		switch ref.Kind {
		case spec.KindArray, spec.KindMap:
			ref = ref.Elem
			continue
		case spec.KindRef:
			t := ref.Ref
			if t.IsAlias() {
				ref = t.Alias
				continue
			}
			if t.IsUnion() && !seen[t] {
				seen[t] = true
				for _, mb := range t.Union.Members {
					markReachable(seen, mb.Type)
				}
			}
			if t.IsObject() && !seen[t] {
				seen[t] = true
				for _, fl := range t.Fields {
					markReachable(seen, fl.Type)
				}
			}
		}
		return
	}
}

// codecField is a field as encoding/json sees it.
type codecField struct {
	*spec.Field
	name string // the JSON name encoding/json uses
}

// codecFields lists the fields encoding/json encodes and decodes, with the
// names it uses: a struct tag name that encoding/json finds invalid gives
// way to the Go field name, and a required field named "-" (tag `json:"-"`)
// is ignored, exactly as encoding/json does.
func codecFields(t *spec.Type) []codecField {
	var out []codecField
	for _, fl := range t.Fields {
		name := fl.JSONName
		if fl.Required && name == "-" {
			continue
		}
		if !validTagName(name) {
			name = fl.GoName
		}
		out = append(out, codecField{Field: fl, name: name})
	}
	return out
}

// validTagName is encoding/json's isValidTag.
func validTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) && !unicode.IsLetter(c) && !unicode.IsDigit(c) {
			return false
		}
	}
	return true
}

// isPointer reports whether the field's Go type is a pointer.
func (f codecField) isPointer() bool {
	return !f.Required && !f.Nullable && pointerWhenOptional(f.Type)
}

// emitDecoder renders decodeJSONFast: reset, then one case per field.
func emitDecoder(f *jen.File, t *spec.Type, fields []codecField) {
	lt := newLocalDefs("decode")
	names := make([]jen.Code, len(fields))
	cases := make([]jen.Code, len(fields))
	for i, fl := range fields {
		names[i] = jen.Lit(fl.name)
		v := jen.Id("t").Dot(fl.GoName)
		var stmt jen.Code
		switch {
		case fl.Nullable:
			stmt = jen.Id("jsonNullable").Call(jen.Id("r"), jen.Op("&").Add(v), lt.decFunc(fl.Type))
		case fl.isPointer():
			stmt = jen.Id("jsonPtr").Call(jen.Id("r"), jen.Op("&").Add(v), lt.decFunc(fl.Type))
		case fl.Required && pointerWhenOptional(fl.Type) && !(fl.Type.Kind == spec.KindRef && fl.Type.Ref.IsUnion()):
			// null is refused where the Go value cannot show it (not for
			// slices, maps, raw JSON and unions, where it is nil): see
			// jsonNullError.
			stmt = lt.decValue(fl.Type, v, jen.Op("&").Add(v.Clone()), jen.Id("r").Dot("notNull").Call(jen.Lit(t.GoName+"."+fl.name)))
		default:
			stmt = lt.decValue(fl.Type, v, jen.Op("&").Add(v.Clone()), nil)
		}
		cases[i] = jen.Case(jen.Lit(i)).Block(stmt)
	}
	object := jen.Id("r").Dot("object").Call(jen.Nil(), jen.Nil())
	if len(fields) > 0 {
		object = jen.Id("r").Dot("object").Call(
			jen.Index().String().Values(names...),
			jen.Func().Params(jen.Id("i").Int()).Block(jen.Switch(jen.Id("i")).Block(cases...)),
		)
	}
	f.Add(doc("decodeJSONFast decodes t from r; see jsonFastDecoder.").
		Func().Params(jen.Id("t").Op("*").Id(t.GoName)).Id("decodeJSONFast").Params(jen.Id("r").Op("*").Id("jsonReader")).
		Block(append(lt.decls(), jen.Op("*").Id("t").Op("=").Id(t.GoName).Values(), object)...))
}

// decValue decodes into v, an addressable value of type ref whose address
// is addr, from the reader rd (r when nil; r.notNull(...) for a required
// field).
func (lt *localDefs) decValue(ref *spec.TypeRef, v *jen.Statement, addr, rd jen.Code) jen.Code {
	if rd == nil {
		rd = jen.Id("r")
	}
	switch ref.Kind {
	case spec.KindArray:
		return jen.Id("jsonSlice").Call(rd, addr, lt.decFunc(ref.Elem))
	case spec.KindMap:
		return jen.Id("jsonMap").Call(rd, addr, lt.decFunc(ref.Elem))
	case spec.KindAny:
		return jen.Id("jsonRaw").Call(rd, addr)
	case spec.KindRef:
		if t := ref.Ref; t.IsAlias() {
			if goAlias(t) {
				return lt.decValue(t.Alias, v, addr, rd)
			}
			return lt.decValue(t.Alias, v, jen.Parens(jen.Op("*").Add(valueType(t.Alias))).Call(addr), rd)
		}
		if !ref.Ref.IsEnum() {
			return v.Dot("decodeJSONFast").Call(rd)
		}
	}
	return jen.Add(lt.decFunc(ref)).Call(rd, addr)
}

// codecFunc names the runtime's decoder (prefix "json") or encoder (prefix
// "jsonEnc") of a scalar, enum or object value, or returns nil for a
// container, which needs a literal.
func codecFunc(prefix string, ref *spec.TypeRef) *jen.Statement {
	switch ref.Kind {
	case spec.KindString:
		return jen.Id(prefix + "String")
	case spec.KindInteger:
		return jen.Id(prefix + "Int")
	case spec.KindNumber:
		return jen.Id(prefix + "Float")
	case spec.KindBoolean:
		return jen.Id(prefix + "Bool")
	case spec.KindDateTime:
		return jen.Id(prefix + "Time")
	case spec.KindAny:
		return jen.Id(prefix + "Any")
	case spec.KindInt32:
		return jen.Id(prefix + "Int32")
	case spec.KindInt64:
		return jen.Id(prefix + "Int64")
	case spec.KindFloat32:
		return jen.Id(prefix + "Float32")
	case spec.KindDate:
		return jen.Id(prefix + "Date")
	case spec.KindBytes:
		return jen.Id(prefix + "Bytes")
	case spec.KindRef:
		t := ref.Ref
		switch {
		case t.IsAlias() && t.Alias.Kind == spec.KindAny:
			return jen.Id(prefix + "Raw") // json.RawMessage, even as an element
		case t.IsAlias() && goAlias(t):
			return codecFunc(prefix, t.Alias)
		case t.IsAlias() && t.Alias.Kind != spec.KindString:
			return nil // a literal converts to the expression's type
		case t.IsIntEnum():
			return jen.Id(prefix + "Integer").Types(jen.Id(t.GoName))
		case t.IsAlias() || t.IsEnum():
			return jen.Id(prefix + "String").Types(jen.Id(t.GoName))
		}
		return jen.Id(prefix + "Struct").Types(jen.Op("*").Id(t.GoName))
	}
	return nil
}

// decFunc is a func(*jsonReader, *T) decoding a value of type ref where
// it is the target of a pointer or an element of an array or map (where
// free-form JSON is an any, see elemType).
func (lt *localDefs) decFunc(ref *spec.TypeRef) jen.Code {
	if name := codecFunc("json", ref); name != nil {
		return name
	}
	// A container inside a container: a literal that decodes it.
	return lt.literal(ref, func() jen.Code {
		return jen.Func().Params(jen.Id("r").Op("*").Id("jsonReader"), jen.Id("v").Op("*").Add(lt.typ(ref))).
			Block(lt.decValue(ref, jen.Op("*").Id("v"), jen.Id("v"), nil))
	})
}

// emitEncoder renders encodeJSONFast: one line per field, in declaration
// order, as encoding/json writes them.
func emitEncoder(f *jen.File, t *spec.Type, fields []codecField) {
	lt := newLocalDefs("encode")
	body := []jen.Code{jen.Id("o").Op(":=").Id("w").Dot("objectStart").Call()}
	for _, fl := range fields {
		body = append(body, lt.encField(fl))
	}
	body = append(lt.decls(), body...)
	body = append(body, jen.Id("w").Dot("objectEnd").Call(jen.Id("o")))
	f.Add(doc("encodeJSONFast appends t to w as json.Marshal would; see jsonFastEncoder.").
		Func().Params(jen.Id("t").Op("*").Id(t.GoName)).Id("encodeJSONFast").Params(jen.Id("w").Op("*").Id("jsonWriter")).
		Block(body...))
}

// encField writes one field: omitempty fields are left out when nil or
// empty, as their tag says.
func (lt *localDefs) encField(fl codecField) jen.Code {
	key := keyLiteral(fl.name)
	v := jen.Id("t").Dot(fl.GoName)
	w := jen.Id("w")
	if fl.Nullable {
		return jen.Id("jsonNullableField").Call(w, key, jen.Op("&").Add(v), lt.encFunc(fl.Type), jen.Lit(!fl.Required))
	}
	if fl.isPointer() {
		return jen.Id("jsonOptional").Call(w, key, v, lt.encFunc(fl.Type))
	}
	ref, val := fl.Type, v
	if ref.Kind == spec.KindRef && ref.Ref.IsAlias() {
		// A named container: written as the container it is.
		if !goAlias(ref.Ref) {
			val = valueType(ref.Ref.Alias).Call(v)
		}
		ref = ref.Ref.Alias
	}
	switch {
	case ref.Kind == spec.KindArray && fl.Required:
		return jen.Id("jsonSliceField").Call(w, key, val, lt.encFunc(ref.Elem))
	case ref.Kind == spec.KindArray:
		return jen.Id("jsonOptionalSlice").Call(w, key, val, lt.encFunc(ref.Elem))
	case ref.Kind == spec.KindMap && fl.Required:
		return jen.Id("jsonMapField").Call(w, key, val, lt.encFunc(ref.Elem))
	case ref.Kind == spec.KindMap:
		return jen.Id("jsonOptionalMap").Call(w, key, val, lt.encFunc(ref.Elem))
	case ref.Kind == spec.KindBytes && !fl.Required:
		return jen.Id("jsonOptionalBytes").Call(w, key, val)
	case ref.Kind == spec.KindAny && !fl.Required:
		return jen.Id("jsonOptionalRaw").Call(w, key, v)
	case ref.Kind == spec.KindAny:
		return jen.Id("jsonField").Call(w, key, jen.Op("&").Add(v), jen.Id("jsonEncRaw"))
	}
	return jen.Id("jsonField").Call(w, key, jen.Op("&").Add(v), lt.encFunc(fl.Type))
}

// encFunc is a func(*jsonWriter, *T) encoding a value of type ref where
// it is the target of a pointer or an element of an array or map.
func (lt *localDefs) encFunc(ref *spec.TypeRef) jen.Code {
	if name := codecFunc("jsonEnc", ref); name != nil {
		return name
	}
	// A container inside a container, or an alias: a literal that encodes it.
	return lt.literal(ref, func() jen.Code {
		return jen.Func().Params(jen.Id("w").Op("*").Id("jsonWriter"), jen.Id("v").Op("*").Add(lt.typ(ref))).
			Block(lt.encValue(ref, jen.Id("v")))
	})
}

// encValue encodes *p, a value of type ref.
func (lt *localDefs) encValue(ref *spec.TypeRef, p *jen.Statement) jen.Code {
	switch {
	case ref.Kind == spec.KindArray:
		return jen.Id("jsonEncSlice").Call(jen.Id("w"), jen.Op("*").Add(p), lt.encFunc(ref.Elem))
	case ref.Kind == spec.KindMap:
		return jen.Id("jsonEncMap").Call(jen.Id("w"), jen.Op("*").Add(p), lt.encFunc(ref.Elem))
	case ref.Kind == spec.KindRef && ref.Ref.IsAlias():
		return lt.encValue(ref.Ref.Alias, jen.Parens(jen.Op("*").Add(valueType(ref.Ref.Alias))).Call(p))
	}
	return jen.Add(lt.encFunc(ref)).Call(jen.Id("w"), p)
}

// localDefs are what one codec method declares at its top for containers
// nested three levels or more. Written inline, the literal that decodes
// (or encodes) such a container names its parameter's type, which repeats
// every level below it, and holds the literal of the next level, one
// indentation deeper: the method would grow with the square of the
// nesting depth. Instead each such level gets a type alias, written once
// in terms of the next level (nested2 = []nested1), and its literal is a
// local variable (decodeNested2 := func(r *jsonReader, v *nested2) {...})
// that refers to the next level's by name, so the method grows linearly.
// Containers of one or two levels keep their inline literals.
type localDefs struct {
	prefix   string                 // "decode" or "encode"
	names    map[*spec.TypeRef]int  // a level's alias and variable number
	declared map[*spec.TypeRef]bool // levels whose variable is declared
	types    []jen.Code             // the alias specs, innermost first
	vars     []jen.Code             // the variable declarations, innermost first
}

func newLocalDefs(prefix string) *localDefs {
	return &localDefs{prefix: prefix, names: map[*spec.TypeRef]int{}, declared: map[*spec.TypeRef]bool{}}
}

// isContainer reports whether ref is a list or a map.
func isContainer(ref *spec.TypeRef) bool {
	return ref != nil && (ref.Kind == spec.KindArray || ref.Kind == spec.KindMap)
}

// deep reports whether ref, a container, nests three levels or more.
func deep(ref *spec.TypeRef) bool {
	return isContainer(ref.Elem) && isContainer(ref.Elem.Elem)
}

// typ is the Go type of ref, a container, as the parameter of a literal:
// its alias when it is deep, else the type written out.
func (lt *localDefs) typ(ref *spec.TypeRef) *jen.Statement {
	if !deep(ref) {
		return valueType(ref)
	}
	if n, ok := lt.names[ref]; ok {
		return jen.Id("nested" + strconv.Itoa(n))
	}
	inner := lt.typ(ref.Elem)
	outer := jen.Index()
	if ref.Kind == spec.KindMap {
		outer = jen.Map(jen.String())
	}
	n := len(lt.types) + 1
	lt.names[ref] = n
	lt.types = append(lt.types, jen.Id("nested"+strconv.Itoa(n)).Op("=").Add(outer).Add(inner))
	return jen.Id("nested" + strconv.Itoa(n))
}

// literal returns the literal that build makes for ref, a container inside
// a container: inline when ref is not deep, else the local variable that
// holds it, declared on first use.
func (lt *localDefs) literal(ref *spec.TypeRef, build func() jen.Code) jen.Code {
	if !deep(ref) {
		return build()
	}
	if !lt.declared[ref] {
		lit := build() // declares ref's alias and the inner levels first
		lt.declared[ref] = true
		lt.vars = append(lt.vars, jen.Id(lt.varName(lt.names[ref])).Op(":=").Add(lit))
	}
	return jen.Id(lt.varName(lt.names[ref]))
}

// varName is the name of the n-th level's variable.
func (lt *localDefs) varName(n int) string {
	return lt.prefix + "Nested" + strconv.Itoa(n)
}

// decls declares the aliases and variables, if any. It must be called
// after the method's body was built.
func (lt *localDefs) decls() []jen.Code {
	if len(lt.types) == 0 {
		return nil
	}
	return append([]jen.Code{jen.Type().Defs(lt.types...)}, lt.vars...)
}

// keyLiteral is the bytes encoding/json writes before a field's value: a
// comma (the runtime turns the first into the opening brace), the name
// with <, >, &, U+2028 and U+2029 escaped, and a colon. It is a raw string
// literal when it can be one, for readability.
func keyLiteral(name string) jen.Code {
	var b strings.Builder
	b.WriteString(`,"`)
	for _, r := range name {
		switch r {
		case '<', '>', '&', '\u2028', '\u2029':
			b.WriteString(`\u`)
			const hex = "0123456789abcdef"
			b.WriteByte(hex[r>>12&0xF])
			b.WriteByte(hex[r>>8&0xF])
			b.WriteByte(hex[r>>4&0xF])
			b.WriteByte(hex[r&0xF])
		default:
			b.WriteRune(r)
		}
	}
	b.WriteString(`":`)
	s := b.String()
	if strings.ContainsAny(s, "`\r") || !isPrintable(s) {
		return jen.Lit(s)
	}
	return jen.Id("`" + s + "`")
}

// isPrintable reports whether s can appear as it is in a raw string
// literal that stays readable.
func isPrintable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// emitUnionDecoder renders decodeJSONFast for a union: the raw JSON for
// one without a discriminator; for one with, the member that the
// discriminator names, decoded in place (the member skips the
// discriminator as an unknown key). Anything unusual, an unknown value
// included, is left to UnmarshalJSON through encoding/json.
func emitUnionDecoder(f *jen.File, t *spec.Type) {
	u := t.Union
	body := []jen.Code{jen.Op("*").Id("t").Op("=").Id(t.GoName).Values()}
	if u.Discriminator == "" {
		body = append(body, jen.Id("jsonRaw").Call(jen.Id("r"), jen.Op("&").Id("t").Dot("raw")))
	} else {
		var cases []jen.Code
		for _, mb := range u.Members {
			cases = append(cases, jen.Case(jen.Lit(mb.Value)).Block(
				jen.Var().Id("v").Id(mb.Type.Ref.GoName),
				jen.Id("v").Dot("decodeJSONFast").Call(jen.Id("r")),
				jen.Id("t").Dot("Value").Op("=").Id("v"),
			))
		}
		cases = append(cases, jen.Default().Block(jen.Id("r").Dot("bad").Op("=").True()))
		body = append(body,
			jen.List(jen.Id("tag"), jen.Id("null")).Op(":=").Id("jsonUnionTag").Call(jen.Id("r"), jen.Lit(u.Discriminator)),
			jen.If(jen.Id("null").Op("||").Id("r").Dot("bad")).Block(jen.Return()),
			jen.Switch(jen.Id("tag")).Block(cases...),
		)
	}
	f.Add(doc("decodeJSONFast decodes t from r; see jsonFastDecoder.").
		Func().Params(jen.Id("t").Op("*").Id(t.GoName)).Id("decodeJSONFast").Params(jen.Id("r").Op("*").Id("jsonReader")).
		Block(body...))
}

// emitUnionEncoder renders encodeJSONFast for a union, as its MarshalJSON
// writes it.
func emitUnionEncoder(f *jen.File, t *spec.Type) {
	u := t.Union
	var body []jen.Code
	if u.Discriminator == "" {
		body = append(body, jen.Id("jsonEncRaw").Call(jen.Id("w"), jen.Op("&").Id("t").Dot("raw")))
	} else {
		cases := []jen.Code{jen.Case(jen.Nil()).Block(jen.Id("w").Dot("null").Call())}
		for _, mb := range u.Members {
			cases = append(cases, jen.Case(jen.Id(mb.Type.Ref.GoName)).Block(
				jen.Id("jsonEncUnion").Call(jen.Id("w"), jen.Lit(unionHead(u, mb)), jen.Op("&").Id("v"))))
		}
		cases = append(cases, jen.Default().Block(jen.Id("w").Dot("bad").Op("=").True()))
		body = append(body, jen.Switch(jen.Id("v").Op(":=").Id("t").Dot("Value").Assert(jen.Type())).Block(cases...))
	}
	f.Add(doc("encodeJSONFast appends t to w as json.Marshal would; see jsonFastEncoder.").
		Func().Params(jen.Id("t").Op("*").Id(t.GoName)).Id("encodeJSONFast").Params(jen.Id("w").Op("*").Id("jsonWriter")).
		Block(body...))
}
