package templates

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitClient renders client_gen.go: for every endpoint its request builder
// (shared by both flavours), its query parameter struct, the blocking
// Client method, and the API interface that lists them.
func emitClient(f *jen.File, m *spec.Model) bool {
	emitClientEndpoints(f, m.Endpoints)
	return emitAPI(f, m)
}

// emitClientEndpoints renders the declarations of the given endpoints: a
// large catalog spreads them over several files.
func emitClientEndpoints(f *jen.File, eps []*spec.Endpoint) bool {
	for _, ep := range eps {
		if ep.ParamsGoName != "" {
			emitParams(f, ep)
		}
		if ep.ResponsesGoName != "" {
			emitResponses(f, ep)
		}
		emitRequestBuilder(f, ep)
		if ep.Stream != nil {
			emitStreamer(f, ep)
		}
		decl(f, endpointDoc(ep).Func().Params(jen.Id("c").Op("*").Id("Client")).Add(syncSignature(ep)).Block(syncBody(ep)))
	}
	return len(eps) > 0
}

// emitAPI renders the API interface of every endpoint and operation
// adapter of Client.
func emitAPI(f *jen.File, m *spec.Model) bool {
	return emitInterface(f, m, false)
}

// emitInterface renders the interface that lists every endpoint and
// operation method of one flavour (API for Client, AsyncAPI for
// AsyncClient), and the assertion that the client implements it.
func emitInterface(f *jen.File, m *spec.Model, async bool) bool {
	name, recv, signature := "API", "Client", syncSignature
	if async {
		name, recv, signature = "AsyncAPI", "AsyncClient", asyncSignature
	}
	iface := make([]jen.Code, 0, len(m.Endpoints))
	for _, ep := range m.Endpoints {
		iface = append(iface, endpointDoc(ep).Add(signature(ep)))
	}
	iface = append(iface, operationMethods(m, async)...)
	iface = append(iface, pageMethods(m, async)...)
	decl(f, doc(name+" lists every endpoint method of "+recv+", so that callers can depend on an interface and substitute a fake in their tests.").
		Type().Id(name).Interface(iface...))
	decl(f, jen.Var().Id("_").Id(name).Op("=").Parens(jen.Op("*").Id(recv)).Parens(jen.Nil()))
	return true
}

// endpointDoc is an endpoint method's comment: the catalog description and
// the HTTP route.
func endpointDoc(ep *spec.Endpoint) *jen.Statement {
	route := ep.Method + " " + ep.Path
	text := ep.GoName + " calls " + route + "."
	if lead := sentence(ep.GoName, "returns", ep.Description, true); lead != "" {
		text = lead + "\n\n" + route
	}
	if ep.ResponseMedia == spec.ResponseStream {
		text += "\n\nThe result is the response body, unread: the caller reads it and must close it. It is not bound by the response limit; the call is retried only before it is returned, and an error after that comes from Read."
	}
	if ep.Stream != nil {
		text += streamDoc(ep)
	}
	if ep.ResponseOptional {
		text += "\n\nThe response may be empty: a 2xx answer without a body gives a nil (zero) result and no error."
	}
	return doc(text)
}

// args are the parameters of an endpoint method after ctx and before opts:
// path parameters, the body, the query parameter struct.
func args(ep *spec.Endpoint) []jen.Code {
	var out []jen.Code
	for _, p := range ep.PathParams {
		out = append(out, jen.Id(p.GoName).Add(valueType(p.Type)))
	}
	if ep.Body != nil {
		out = append(out, jen.Id("body").Add(bodyType(ep.Body)))
	}
	out = append(out, mediaArgs(ep)...)
	if ep.ParamsGoName != "" {
		out = append(out, jen.Id("params").Op("*").Id(ep.ParamsGoName))
	}
	return out
}

// argNames are the names of args, to pass them on.
func argNames(ep *spec.Endpoint) []jen.Code {
	var out []jen.Code
	for _, p := range ep.PathParams {
		out = append(out, jen.Id(p.GoName))
	}
	if ep.Body != nil {
		out = append(out, jen.Id("body"))
	} else if ep.HasBody() {
		out = append(out, mediaArgNames(ep)...)
	}
	if ep.ParamsGoName != "" {
		out = append(out, jen.Id("params"))
	}
	return out
}

// bodyType is the parameter type of a request body: a pointer for named
// types (nil sends no body), the value type otherwise.
func bodyType(t *spec.TypeRef) *jen.Statement {
	if t.Kind == spec.KindRef {
		return jen.Op("*").Id(t.Ref.GoName)
	}
	return valueType(t)
}

// resultType is what a blocking endpoint method returns besides the error;
// nil when the endpoint answers with no content.
func resultType(ep *spec.Endpoint) *jen.Statement {
	switch {
	case ep.ResponsesGoName != "":
		return jen.Op("*").Id(ep.ResponsesGoName)
	case ep.ResponseMedia != spec.ResponseJSON:
		return mediaResult(ep)
	case ep.Response == nil:
		return nil
	case isObject(ep.Response):
		return jen.Op("*").Id(ep.Response.Ref.GoName)
	default:
		return valueType(ep.Response)
	}
}

func syncSignature(ep *spec.Endpoint) *jen.Statement {
	if ep.Stream != nil {
		return streamSignature(ep)
	}
	params := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, args(ep)...)
	params = append(params, jen.Id("opts").Op("...").Id("CallOption"))
	s := jen.Id(ep.GoName).Params(params...)
	if rt := resultType(ep); rt != nil {
		return s.Params(rt, jen.Error())
	}
	return s.Error()
}

func requestBuilderName(ep *spec.Endpoint) string { return "new" + ep.GoName + "Request" }

func syncBody(ep *spec.Endpoint) jen.Code {
	req := jen.Id(requestBuilderName(ep)).Call(argNames(ep)...)
	callArgs := []jen.Code{jen.Id("ctx"), jen.Id("c").Dot("core"), req, jen.Id("opts")}
	switch {
	case ep.Stream != nil:
		return streamBody(ep, jen.Id("c").Dot("core"))
	case ep.ResponsesGoName != "":
		return responsesBody(ep, callArgs)
	case ep.ResponseMedia != spec.ResponseJSON:
		return jen.Return(jen.Id(mediaCall(ep)).Call(callArgs...))
	case ep.Response == nil:
		return jen.Return(jen.Id("callNoContent").Call(callArgs...))
	case isObject(ep.Response) && ep.ResponseOptional:
		return jen.Return(jen.Id("callOptional").Call(append(callArgs, jen.New(jen.Id(ep.Response.Ref.GoName)))...))
	case isObject(ep.Response):
		return jen.Return(jen.Id("call").Call(append(callArgs, jen.New(jen.Id(ep.Response.Ref.GoName)))...))
	case ep.ResponseOptional:
		return jen.Return(jen.Id("callValueOptional").Types(valueType(ep.Response)).Call(callArgs...))
	default:
		return jen.Return(jen.Id("callValue").Types(valueType(ep.Response)).Call(callArgs...))
	}
}

// emitRequestBuilder renders the function that turns an endpoint's
// arguments into a request; both flavours and the operation adapters call
// it, so they cannot disagree on a path, a header or a retry rule.
func emitRequestBuilder(f *jen.File, ep *spec.Endpoint) {
	vals := []jen.Code{
		field("endpoint", jen.Lit(ep.Name)),
		field("method", jen.Lit(ep.Method)),
		field("path", pathExpr(ep)),
	}
	var stringParams []jen.Code
	for _, p := range ep.PathParams {
		switch p.Type.Kind {
		case spec.KindString:
			stringParams = append(stringParams, jen.Lit(p.Name), jen.Id(p.GoName))
		case spec.KindRef: // an enum
			if !p.Type.Ref.IsIntEnum() {
				stringParams = append(stringParams, jen.Lit(p.Name), jen.String().Parens(jen.Id(p.GoName)))
			}
		}
	}
	if len(stringParams) > 0 {
		// emptyParam: emptyParam("operation_id", string(operationID))
		vals = append(vals, field("emptyParam", jen.Id("emptyParam").Call(stringParams...)))
	}
	for _, p := range ep.PathParams {
		if p.Greedy {
			// emptyParam: dotSegmentParam("path", path, emptyParam("path", path))
			vals[len(vals)-1] = field("emptyParam", jen.Id("dotSegmentParam").Call(jen.Lit(p.Name), jen.Id(p.GoName), jen.Id("emptyParam").Call(stringParams...)))
		}
	}
	nilBody := ep.Body != nil && nillable(ep.Body)
	if nilBody && ep.BodyRequired {
		vals = append(vals, field("bodyRequired", jen.True()))
	}
	if ep.Body != nil && !nilBody {
		vals = append(vals, field("body", jen.Id("body"))) // a scalar: always sent
	}
	if ep.Timeout > 0 {
		vals = append(vals, field("timeout", duration(ep.Timeout)))
	}
	if ep.Idempotent {
		vals = append(vals, field("idempotent", jen.True()))
	}
	if !ep.Retry {
		vals = append(vals, field("noRetry", jen.True()))
	}
	if ep.NoAuth {
		vals = append(vals, field("noAuth", jen.True()))
	}
	if len(ep.FixedHeaders) > 0 {
		// header: http.Header{"X-Api-Version": {"2"}}
		hs := make([]jen.Code, len(ep.FixedHeaders))
		for i, h := range ep.FixedHeaders {
			hs[i] = jen.Lit(h.Name).Op(":").Values(jen.Lit(h.Value))
		}
		vals = append(vals, field("header", jen.Qual("net/http", "Header").Values(hs...)))
	}
	mvals, mstmts := mediaRequest(ep)
	vals = append(vals, mvals...)
	maxRetries := jen.Lit(-1)
	if ep.MaxRetries != nil {
		maxRetries = jen.Lit(*ep.MaxRetries)
	}
	vals = append(vals, field("maxRetries", maxRetries))

	lit := jen.Op("&").Id("request").Values(vals...)
	var body []jen.Code
	if !nilBody && ep.ParamsGoName == "" && len(mstmts) == 0 {
		body = []jen.Code{jen.Return(lit)}
	} else {
		body = []jen.Code{jen.Id("r").Op(":=").Add(lit)}
		if nilBody {
			// if body != nil { r.body = body }
			body = append(body, jen.If(jen.Id("body").Op("!=").Nil()).Block(jen.Id("r").Dot("body").Op("=").Id("body")))
		}
		body = append(body, mstmts...)
		if ep.ParamsGoName != "" {
			// if params != nil { r.query = params.values(); r.header = params.header(r.header) }
			var set []jen.Code
			if len(ep.Query) > 0 {
				set = append(set, jen.Id("r").Dot("query").Op("=").Id("params").Dot("values").Call())
			}
			if len(ep.Headers) > 0 {
				set = append(set, jen.Id("r").Dot("header").Op("=").Id("params").Dot("header").Call(jen.Id("r").Dot("header")))
			}
			body = append(body, jen.If(jen.Id("params").Op("!=").Nil()).Block(set...))
		}
		body = append(body, jen.Return(jen.Id("r")))
	}
	decl(f, jen.Func().Id(requestBuilderName(ep)).Params(args(ep)...).Op("*").Id("request").Block(body...))
}

// nillable reports whether a body of type t can be nil: a pointer to a
// named type, a slice, a map or a json.RawMessage. A nil body is not sent,
// or refused when the body is required.
func nillable(t *spec.TypeRef) bool {
	switch t.Kind {
	case spec.KindRef, spec.KindArray, spec.KindMap, spec.KindAny:
		return true
	}
	return false
}

// pathExpr renders the endpoint's path with each parameter escaped:
// "/operations/" + pathEscape(operationID).
func pathExpr(ep *spec.Endpoint) jen.Code {
	byName := map[string]*spec.Param{}
	for _, p := range ep.PathParams {
		byName[p.Name] = p
	}
	var parts []jen.Code
	rest := ep.Path
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}') + i
		if i > 0 {
			parts = append(parts, jen.Lit(rest[:i]))
		}
		p := byName[strings.TrimSuffix(rest[i+1:j], "...")]
		escape := "pathEscape"
		if p.Greedy {
			escape = "pathEscapeGreedy"
		}
		parts = append(parts, jen.Id(escape).Call(formatScalar(p.Type, jen.Id(p.GoName))))
		rest = rest[j+1:]
	}
	if rest != "" || len(parts) == 0 {
		parts = append(parts, jen.Lit(rest))
	}
	expr := jen.Add(parts[0])
	for _, p := range parts[1:] {
		expr = expr.Op("+").Add(p)
	}
	return expr
}

// formatScalar renders v, of scalar type t, as its string form on the wire.
func formatScalar(t *spec.TypeRef, v *jen.Statement) *jen.Statement {
	v = v.Clone()
	switch t.Kind {
	case spec.KindInteger:
		return jen.Qual("strconv", "Itoa").Call(v)
	case spec.KindNumber:
		return jen.Qual("strconv", "FormatFloat").Call(v, jen.LitRune('g'), jen.Lit(-1), jen.Lit(64))
	case spec.KindBoolean:
		return jen.Qual("strconv", "FormatBool").Call(v)
	case spec.KindDateTime:
		return v.Dot("Format").Call(jen.Qual("time", "RFC3339Nano"))
	case spec.KindInt32, spec.KindInt64:
		return formatInt(v)
	case spec.KindFloat32:
		return jen.Qual("strconv", "FormatFloat").Call(jen.Float64().Parens(v), jen.LitRune('g'), jen.Lit(-1), jen.Lit(32))
	case spec.KindDate:
		return v.Dot("String").Call()
	case spec.KindRef: // an enum
		if t.Ref.IsIntEnum() {
			return formatInt(v)
		}
		return jen.String().Parens(v)
	}
	return v
}

// formatInt renders v, of an integer type other than int, in decimal.
func formatInt(v *jen.Statement) *jen.Statement {
	return jen.Qual("strconv", "FormatInt").Call(jen.Int64().Parens(v), jen.Lit(10))
}

// deref renders *v, in parentheses where a method is called on it.
func deref(t *spec.TypeRef, v *jen.Statement) *jen.Statement {
	if t.Kind == spec.KindDateTime || t.Kind == spec.KindDate {
		return jen.Parens(jen.Op("*").Add(v.Clone()))
	}
	return jen.Op("*").Add(v.Clone())
}

// addValue is the statements that add the value v (of type ref, a pointer
// when optional) to the url.Values q under name, written in style (a
// spec.Query* style): a list gives one value per element (ranged over as
// elem), or one value of its elements joined by the style's delimiter; a
// deep object one value per field set or map entry; a nil pointer, an
// empty list and a nil map give nothing. Query parameters and the fields
// of form bodies (style spec.QueryForm) are written by it alike.
func addValue(name string, ref *spec.TypeRef, required bool, style string, v *jen.Statement, elem string) []jen.Code {
	switch {
	case style == spec.QueryDeepObject && ref.Kind == spec.KindMap:
		// for k, v := range p.X { q.Set("x["+k+"]", format(v)) }
		return []jen.Code{jen.For(jen.List(jen.Id("k"), jen.Id(elem)).Op(":=").Range().Add(v)).Block(
			jen.Id("q").Dot("Set").Call(jen.Lit(name+"[").Op("+").Id("k").Op("+").Lit("]"), formatScalar(ref.Elem, jen.Id(elem))),
		)}
	case style == spec.QueryDeepObject:
		// q.Set("x[a]", p.X.A); if p.X.B != nil { q.Set("x[b]", format(*p.X.B)) }
		var fields []jen.Code
		for _, f := range ref.Ref.Fields {
			fields = append(fields, addValue(name+"["+f.JSONName+"]", f.Type, f.Required, spec.QueryForm, v.Clone().Dot(f.GoName), elem)...)
		}
		if required {
			return fields
		}
		return []jen.Code{jen.If(v.Clone().Op("!=").Nil()).Block(fields...)}
	case ref.Kind == spec.KindArray && style != spec.QueryForm:
		// if len(p.X) > 0 { q.Set("x", strings.Join(p.X, ",")) }, each
		// element formatted first when it is not a string
		sep := jen.Lit(spec.QueryDelimiter(style))
		var set []jen.Code
		if ref.Elem.Kind == spec.KindString {
			set = []jen.Code{jen.Id("q").Dot("Set").Call(jen.Lit(name), jen.Qual("strings", "Join").Call(v, sep))}
		} else {
			set = []jen.Code{
				jen.Id("s").Op(":=").Make(jen.Index().String(), jen.Len(v)),
				jen.For(jen.List(jen.Id("i"), jen.Id(elem)).Op(":=").Range().Add(v)).Block(
					jen.Id("s").Index(jen.Id("i")).Op("=").Add(formatScalar(ref.Elem, jen.Id(elem))),
				),
				jen.Id("q").Dot("Set").Call(jen.Lit(name), jen.Qual("strings", "Join").Call(jen.Id("s"), sep)),
			}
		}
		return []jen.Code{jen.If(jen.Len(v).Op(">").Lit(0)).Block(set...)}
	case ref.Kind == spec.KindArray:
		// for _, v := range p.X { q.Add("x", format(v)) }
		return []jen.Code{jen.For(jen.List(jen.Id("_"), jen.Id(elem)).Op(":=").Range().Add(v)).Block(
			jen.Id("q").Dot("Add").Call(jen.Lit(name), formatScalar(ref.Elem, jen.Id(elem))),
		)}
	case required:
		return []jen.Code{jen.Id("q").Dot("Set").Call(jen.Lit(name), formatScalar(ref, v))}
	}
	// if p.X != nil { q.Set("x", format(*p.X)) }
	return []jen.Code{jen.If(v.Clone().Op("!=").Nil()).Block(
		jen.Id("q").Dot("Set").Call(jen.Lit(name), formatScalar(ref, deref(ref, v))),
	)}
}

// queryStyleDoc says how a query parameter of a style other than form is
// sent, for its field's comment; "" for form.
func queryStyleDoc(p *spec.Param) string {
	if sep := spec.QueryDelimiter(p.Style); sep != "" {
		return "Sent as one value, the elements joined by " + strconv.Quote(sep) + "."
	}
	switch p.Style {
	case spec.QueryDeepObject:
		if p.Type.Kind == spec.KindMap {
			return "Sent as " + p.Name + "[key]=value for each entry."
		}
		return "Sent as " + p.Name + "[field]=value for each field set."
	}
	return ""
}

// joinDoc joins the paragraphs of a comment that are not empty.
func joinDoc(paras ...string) string {
	var out []string
	for _, p := range paras {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// emitParams renders an endpoint's query parameter struct and its values
// method.
func emitParams(f *jen.File, ep *spec.Endpoint) {
	fields := make([]jen.Code, len(ep.Query), len(ep.Query)+len(ep.Headers))
	var stmts []jen.Code
	stmts = append(stmts, jen.Id("q").Op(":=").Qual("net/url", "Values").Values())
	for i, p := range ep.Query {
		fields[i] = doc(joinDoc(p.Description, queryStyleDoc(p))).Id(p.GoName).Add(goType(p.Type, p.Required))
		stmts = append(stmts, addValue(p.Name, p.Type, p.Required, p.Style, jen.Id("p").Dot(p.GoName), "v")...)
	}
	stmts = append(stmts, jen.Return(jen.Id("q")))
	// header(h) adds the header parameters to h, made when nil.
	hstmts := []jen.Code{jen.If(jen.Id("h").Op("==").Nil()).Block(jen.Id("h").Op("=").Qual("net/http", "Header").Values())}
	for _, p := range ep.Headers {
		text := joinDoc(p.Description, "Sent in the "+p.Name+" header.")
		fields = append(fields, doc(text).Id(p.GoName).Add(goType(p.Type, p.Required)))
		v := jen.Id("p").Dot(p.GoName)
		if p.Required {
			hstmts = append(hstmts, jen.Id("h").Index(jen.Lit(p.Name)).Op("=").Index().String().Values(formatScalar(p.Type, v)))
		} else {
			hstmts = append(hstmts, jen.If(v.Clone().Op("!=").Nil()).Block(
				jen.Id("h").Index(jen.Lit(p.Name)).Op("=").Index().String().Values(formatScalar(p.Type, deref(p.Type, v))),
			))
		}
	}
	hstmts = append(hstmts, jen.Return(jen.Id("h")))
	text := ep.ParamsGoName + " holds the query parameters of " + ep.GoName + "; nil pointers are left out of the query."
	switch {
	case len(ep.Query) == 0:
		text = ep.ParamsGoName + " holds the header parameters of " + ep.GoName + "; nil pointers are not sent."
	case len(ep.Headers) > 0:
		text = ep.ParamsGoName + " holds the query and header parameters of " + ep.GoName + "; nil pointers are not sent."
	}
	decl(f, doc(text).
		Type().Id(ep.ParamsGoName).Struct(fields...))
	if len(ep.Query) > 0 {
		decl(f, jen.Func().Params(jen.Id("p").Op("*").Id(ep.ParamsGoName)).Id("values").Params().Qual("net/url", "Values").Block(stmts...))
	}
	if len(ep.Headers) > 0 {
		decl(f, jen.Func().Params(jen.Id("p").Op("*").Id(ep.ParamsGoName)).Id("header").Params(jen.Id("h").Qual("net/http", "Header")).Qual("net/http", "Header").Block(hstmts...))
	}
}
