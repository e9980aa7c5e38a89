package templates

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// mediaArgs are the body parameters of an endpoint whose body is not JSON.
func mediaArgs(ep *spec.Endpoint) []jen.Code {
	switch ep.BodyMedia {
	case spec.BodyRaw:
		return []jen.Code{jen.Id("body").Qual("io", "Reader")}
	case spec.BodyText:
		return []jen.Code{jen.Id("body").String()}
	case spec.BodyForm:
		return []jen.Code{jen.Id("body").Op("*").Id(ep.FormType.GoName)}
	case spec.BodyMultipart:
		if ep.FormType == nil {
			return []jen.Code{jen.Id("files").Index().Id("File")}
		}
		return []jen.Code{jen.Id("body").Op("*").Id(ep.FormType.GoName), jen.Id("files").Index().Id("File")}
	}
	return nil
}

// mediaArgNames are the names of mediaArgs.
func mediaArgNames(ep *spec.Endpoint) []jen.Code {
	var out []jen.Code
	if ep.BodyMedia != spec.BodyMultipart || ep.FormType != nil {
		out = append(out, jen.Id("body"))
	}
	if ep.BodyMedia == spec.BodyMultipart {
		out = append(out, jen.Id("files"))
	}
	return out
}

// mediaResult is the result type of an endpoint whose response is not
// JSON.
func mediaResult(ep *spec.Endpoint) *jen.Statement {
	switch ep.ResponseMedia {
	case spec.ResponseText:
		return jen.String()
	case spec.ResponseBytes:
		return jen.Index().Byte()
	case spec.ResponseStream:
		return jen.Qual("io", "ReadCloser")
	}
	return nil
}

// mediaCall is the runtime function that executes an endpoint whose
// response is not JSON.
func mediaCall(ep *spec.Endpoint) string {
	switch ep.ResponseMedia {
	case spec.ResponseText:
		return "callText"
	case spec.ResponseBytes:
		return "callBytes"
	}
	return "callStream"
}

// mediaRequest returns the request field of an endpoint's non-JSON body
// and response, and the statements that set a body that may be nil.
func mediaRequest(ep *spec.Endpoint) (vals, stmts []jen.Code) {
	if ep.BodyMedia == spec.BodyJSON && ep.ResponseMedia == spec.ResponseJSON {
		return nil, nil
	}
	var fields []jen.Code
	setIfBody := func(set ...jen.Code) {
		// if body != nil { r.media.x = …; … }
		stmts = append(stmts, jen.If(jen.Id("body").Op("!=").Nil()).Block(set...))
	}
	media := func(name string) *jen.Statement { return jen.Id("r").Dot("media").Dot(name) }
	if ep.BodyMedia != spec.BodyJSON {
		fields = append(fields, field("contentType", jen.Lit(ep.BodyContentType)))
	}
	switch ep.BodyMedia {
	case spec.BodyText:
		fields = append(fields, field("hasBody", jen.True()), field("text", jen.Id("body")))
	case spec.BodyRaw:
		setIfBody(media("hasBody").Op("=").True(), media("reader").Op("=").Id("body"))
	case spec.BodyForm:
		setIfBody(media("hasBody").Op("=").True(), media("text").Op("=").Id("body").Dot("formValues").Call().Dot("Encode").Call())
	case spec.BodyMultipart:
		fields = append(fields, field("hasBody", jen.True()), field("multipart", jen.True()), field("files", jen.Id("files")))
		if ep.FormType != nil {
			setIfBody(media("form").Op("=").Id("body").Dot("formValues").Call())
		}
	}
	if ep.ResponseMedia != spec.ResponseJSON {
		mode := map[spec.ResponseMedia]string{spec.ResponseText: "respText", spec.ResponseBytes: "respBytes", spec.ResponseStream: "respStream"}[ep.ResponseMedia]
		fields = append(fields, field("accept", jen.Lit(ep.ResponseContentType)), field("resp", jen.Id(mode)))
	}
	vals = append(vals, field("media", jen.Op("&").Id("mediaBody").Values(fields...)))
	if ep.BodyRequired && (ep.BodyMedia == spec.BodyRaw || ep.BodyMedia == spec.BodyForm) {
		vals = append(vals, field("bodyRequired", jen.True()))
	}
	return vals, stmts
}

// emitFormValues renders the method that lists a form body's fields as
// form values, as a query string would: nil pointers are left out, a list
// gives one value per element.
func emitFormValues(f *jen.File, t *spec.Type) {
	stmts := []jen.Code{jen.Id("q").Op(":=").Qual("net/url", "Values").Values()}
	for _, fl := range t.Fields {
		v := jen.Id("v").Dot(fl.GoName)
		switch {
		case fl.Type.Kind == spec.KindArray:
			stmts = append(stmts, jen.For(jen.List(jen.Id("_"), jen.Id("e")).Op(":=").Range().Add(v)).Block(
				jen.Id("q").Dot("Add").Call(jen.Lit(fl.JSONName), formatScalar(fl.Type.Elem, jen.Id("e"))),
			))
		case fl.Required:
			stmts = append(stmts, jen.Id("q").Dot("Set").Call(jen.Lit(fl.JSONName), formatScalar(fl.Type, v)))
		default:
			stmts = append(stmts, jen.If(v.Clone().Op("!=").Nil()).Block(
				jen.Id("q").Dot("Set").Call(jen.Lit(fl.JSONName), formatScalar(fl.Type, deref(fl.Type, v))),
			))
		}
	}
	stmts = append(stmts, jen.Return(jen.Id("q")))
	decl(f, doc("formValues lists the fields of "+t.GoName+" as form values, under their catalog names.").
		Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("formValues").Params().Qual("net/url", "Values").Block(stmts...))
}
