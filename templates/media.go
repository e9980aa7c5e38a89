package templates

import (
	"fmt"
	"strconv"
	"strings"

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
	if ep.BodyMedia == spec.BodyJSON && ep.ResponseMedia == spec.ResponseJSON && ep.Stream == nil {
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
	if ep.Stream != nil {
		fields = append(fields, field("accept", jen.Lit(ep.Stream.ContentType())), field("resp", jen.Id("respStream")))
	} else if ep.ResponseMedia != spec.ResponseJSON {
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
		stmts = append(stmts, addValue(fl.JSONName, fl.Type, fl.Required, spec.QueryForm, jen.Id("v").Dot(fl.GoName), "e")...)
	}
	stmts = append(stmts, jen.Return(jen.Id("q")))
	decl(f, doc("formValues lists the fields of "+t.GoName+" as form values, under their catalog names.").
		Func().Params(jen.Id("v").Op("*").Id(t.GoName)).Id("formValues").Params().Qual("net/url", "Values").Block(stmts...))
}

// emitResponses renders the result struct of an endpoint declared with
// responses, and its pick method, which gives the runtime the value to
// decode a status's body into.
func emitResponses(f *jen.File, ep *spec.Endpoint) {
	name := ep.ResponsesGoName
	fields := []jen.Code{doc("Status is the success status the server answered with.").Id("Status").Int()}
	cases := make([]jen.Code, 0, len(ep.Responses))
	for _, sr := range ep.Responses {
		if sr.Type == nil {
			continue
		}
		fd := fmt.Sprintf("%s is the body of a %d answer.", sr.GoName, sr.Status)
		fv := jen.Id("r").Dot(sr.GoName)
		var body []jen.Code
		if isObject(sr.Type) {
			fields = append(fields, doc(fd).Id(sr.GoName).Op("*").Id(sr.Type.Ref.GoName))
			body = []jen.Code{fv.Clone().Op("=").New(jen.Id(sr.Type.Ref.GoName)), jen.Return(fv.Clone())}
		} else {
			fields = append(fields, doc(fd).Id(sr.GoName).Add(valueType(sr.Type)))
			body = []jen.Code{jen.Return(jen.Op("&").Add(fv.Clone()))}
		}
		cases = append(cases, jen.Case(jen.Lit(sr.Status)).Block(body...))
	}
	var statuses []string
	for _, sr := range ep.Responses {
		statuses = append(statuses, strconv.Itoa(sr.Status))
	}
	decl(f, doc(name+" is the result of "+ep.GoName+": Status says which status answered ("+strings.Join(statuses, ", ")+"), and only the field of that status is set. A 2xx status the catalog does not list sets Status only.").
		Type().Id(name).Struct(fields...))
	pick := []jen.Code{jen.Id("r").Dot("Status").Op("=").Id("status")}
	if len(cases) > 0 {
		pick = append(pick, jen.Switch(jen.Id("status")).Block(cases...))
	}
	pick = append(pick, jen.Return(jen.Nil()))
	decl(f, doc("pick records status and returns where its body is decoded, or nil for a status without a body.").
		Func().Params(jen.Id("r").Op("*").Id(name)).Id("pick").Params(jen.Id("status").Int()).Any().Block(pick...))
}

// responsesBody renders the method body of an endpoint declared with
// responses:
//
//	r := new(CreateThingResponse)
//	if err := callStatus(ctx, c.core, newCreateThingRequest(body), opts, r.pick); err != nil {
//		return nil, err
//	}
//	return r, nil
func responsesBody(ep *spec.Endpoint, callArgs []jen.Code) jen.Code {
	args := append(append([]jen.Code{}, callArgs...), jen.Id("r").Dot("pick"))
	return jen.Id("r").Op(":=").New(jen.Id(ep.ResponsesGoName)).Line().
		If(jen.Err().Op(":=").Id("callStatus").Call(args...), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())).Line().
		Return(jen.Id("r"), jen.Nil())
}
