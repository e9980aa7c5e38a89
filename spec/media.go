package spec

import (
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// BodyMedia says how a request body is sent.
type BodyMedia uint8

// Request body media.
const (
	BodyJSON      BodyMedia = iota // Body, encoded by the generated codec
	BodyRaw                        // an io.Reader sent as it is
	BodyText                       // a string
	BodyForm                       // application/x-www-form-urlencoded from FormType
	BodyMultipart                  // multipart/form-data: FormType's fields and files
)

// ResponseMedia says how a successful response body is returned.
type ResponseMedia uint8

// Response media.
const (
	ResponseJSON   ResponseMedia = iota // Response, decoded by the generated codec
	ResponseText                        // a string
	ResponseBytes                       // a []byte, bounded by max_response_bytes
	ResponseStream                      // an io.ReadCloser the caller reads and closes
)

// Media types with a meaning of their own in a body.
const (
	mediaJSON      = "application/json"
	mediaForm      = "application/x-www-form-urlencoded"
	mediaMultipart = "multipart/form-data"
)

// bodyKeys are the keys of a body written as a mapping; body reads them.
func bodyKeys() []key {
	return []key{{name: "content_type", required: true}, {name: "type"}}
}

// responseKeys are the keys of a response written as a mapping; response
// reads them.
func responseKeys() []key {
	return []key{{name: "content_type", required: true}, {name: "type"}, {name: "stream"}}
}

// contentType reads a media type such as text/plain, without parameters.
func (l *loader) contentType(m *mapNode, ctx string) (string, bool) {
	v := m.get("content_type")
	if v == nil {
		return "", false
	}
	s, ok := l.nonEmpty(v, ctx, "content_type")
	if !ok {
		return "", false
	}
	mt, params, err := mime.ParseMediaType(s)
	if err != nil || !strings.Contains(mt, "/") || (mt == mediaMultipart && params["boundary"] != "") {
		l.errorf(v, "%scontent_type %q is not a media type (want type/subtype, such as application/octet-stream or text/plain; charset=utf-8; a multipart boundary is chosen per request)", at(ctx), s)
		return "", false
	}
	return s, true
}

// body reads an endpoint's body: a type expression (JSON), or a mapping
// with a content type.
func (l *loader) body(ep *Endpoint, v *yaml.Node, ctx string) {
	if d := deref(v); d == nil || d.Kind != yaml.MappingNode {
		ep.Body = l.typeExpr(v, ctx, "body")
		return
	}
	bctx := ctx + " body"
	m := l.keyed(v, v, bctx, bodyKeys())
	ct, ok := l.contentType(m, bctx)
	if !ok {
		return
	}
	ep.BodyContentType = ct
	mt, _, _ := mime.ParseMediaType(ct)
	tv := m.get("type")
	var t *TypeRef
	if tv != nil {
		if t = l.typeExpr(tv, bctx, "type"); t == nil {
			return
		}
	}
	switch {
	case mt == mediaJSON || strings.HasSuffix(mt, "+json"):
		if t == nil {
			l.errorf(m.keyNode("content_type"), "%sa JSON body needs a type (type: T)", at(bctx))
			return
		}
		ep.Body = t
	case mt == mediaForm || mt == mediaMultipart:
		ep.BodyMedia = BodyForm
		if mt == mediaMultipart {
			ep.BodyMedia = BodyMultipart
		}
		if t == nil {
			if mt == mediaForm {
				l.errorf(m.keyNode("content_type"), "%san %s body needs an object type whose fields are the form values (type: T)", at(bctx), mt)
			}
			return
		}
		if t.Kind != KindRef || !t.Ref.IsObject() {
			l.errorf(tv, "%stype of a %s body must be an object type (its fields are the form values)", at(bctx), mt)
			return
		}
		for _, f := range t.Ref.Fields {
			if !l.isParamScalar(f.Type) && (f.Type.Kind != KindArray || !l.isParamScalar(f.Type.Elem)) || f.Nullable {
				l.errorf(tv, "%sfield %q of %s cannot be a form value (want string, integer, number, boolean, date-time, an enum, or a list of those)", at(bctx), f.JSONName, t.Ref.Name)
				return
			}
		}
		t.Ref.Form = true
		ep.FormType = t.Ref
	case tv != nil && (t.Kind != KindString || !strings.HasPrefix(mt, "text/")):
		l.errorf(tv, "%sa body of %s is an io.Reader (leave out type), or a string for text/* (type: string)", at(bctx), mt)
	case strings.HasPrefix(mt, "text/"):
		ep.BodyMedia = BodyText
	default:
		ep.BodyMedia = BodyRaw
	}
}

// response reads an endpoint's response: a type expression (JSON), or a
// mapping with a content type.
func (l *loader) response(ep *Endpoint, v *yaml.Node, ctx string) {
	if d := deref(v); d == nil || d.Kind != yaml.MappingNode {
		ep.Response = l.typeExpr(v, ctx, "response")
		return
	}
	rctx := ctx + " response"
	m := l.keyed(v, v, rctx, responseKeys())
	ct, ok := l.contentType(m, rctx)
	if !ok {
		return
	}
	ep.ResponseContentType = ct
	mt, _, _ := mime.ParseMediaType(ct)
	stream := m.optBool("stream", false)
	tv := m.get("type")
	switch {
	case mt == mediaJSON || strings.HasSuffix(mt, "+json"):
		if stream || tv == nil {
			l.errorf(m.keyNode("content_type"), "%sa JSON response needs a type (type: T) and cannot be a stream", at(rctx))
			return
		}
		ep.Response = l.typeExpr(tv, rctx, "type")
	case tv != nil:
		l.errorf(tv, "%sa response of %s has no type: it is a string (text/*), a []byte, or an io.ReadCloser with stream: true", at(rctx), mt)
	case stream:
		ep.ResponseMedia = ResponseStream
	case strings.HasPrefix(mt, "text/"):
		ep.ResponseMedia = ResponseText
	default:
		ep.ResponseMedia = ResponseBytes
	}
}

// HasResponse reports whether the endpoint returns a result besides the
// error: a JSON type or a non-JSON body.
func (ep *Endpoint) HasResponse() bool {
	return ep.Response != nil || ep.ResponseMedia != ResponseJSON || len(ep.Responses) > 0
}

// HasBody reports whether the endpoint's method takes a body argument.
func (ep *Endpoint) HasBody() bool {
	return ep.Body != nil || ep.BodyMedia != BodyJSON
}

// StatusResponse is the result of one success status of an endpoint
// declared with responses.
type StatusResponse struct {
	Status int
	// GoName is the field of the result struct: the letters of the status
	// text (OK, Created, Accepted, NoContent), or Status<code> for a
	// status without one.
	GoName string
	Type   *TypeRef // nil: the status has no body
}

// responses reads an endpoint's responses: a JSON type (or none) per
// success status.
func (l *loader) responses(ep *Endpoint, m *mapNode, ctx string) {
	v := m.get("responses")
	if v == nil {
		return
	}
	rm := l.mapping(v, m.keyNode("responses"), ctx, "status", nil)
	if rm == nil {
		return
	}
	bad := false
	for _, e := range rm.entries {
		code, err := strconv.Atoi(e.name)
		if err != nil || code < 200 || code > 299 {
			bad = true
			l.errorf(e.key, "%sresponses: %q is not a success status (want 200 to 299; error statuses are APIErrors)", at(ctx), e.name)
			continue
		}
		sr := &StatusResponse{Status: code, GoName: strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				return r
			}
			return -1
		}, http.StatusText(code))}
		if sr.GoName == "" {
			sr.GoName = fmt.Sprintf("Status%d", code)
		}
		if d := deref(e.val); d.Kind != yaml.ScalarNode || d.ShortTag() != "!!null" {
			if sr.Type = l.typeExpr(e.val, ctx, "responses."+e.name); sr.Type == nil {
				bad = true
				continue
			}
		}
		ep.Responses = append(ep.Responses, sr)
	}
	sort.Slice(ep.Responses, func(i, j int) bool { return ep.Responses[i].Status < ep.Responses[j].Status })
	switch {
	case bad:
	case len(ep.Responses) == 0:
		l.errorf(m.keyNode("responses"), "%sresponses lists no status; write response: T for one type", at(ctx))
	case m.has("response"):
		l.errorf(m.keyNode("responses"), "%sresponses and response exclude each other; keep responses for a type per status", at(ctx))
	case m.has("response_optional"):
		l.errorf(m.keyNode("response_optional"), "%sresponse_optional does not apply to responses; give a status without a body as 204: null", at(ctx))
	case m.has("operation"):
		l.errorf(m.keyNode("responses"), "%san endpoint that starts an operation has one response type; use response", at(ctx))
	}
	if ep.GoName != "" && len(ep.Responses) > 0 {
		ep.ResponsesGoName = ep.GoName + "Response"
		l.pkgNames = append(l.pkgNames, pkgName{
			goName: ep.ResponsesGoName,
			what:   fmt.Sprintf("result struct of endpoint %q (responses)", ep.Name),
			node:   m.keyNode("responses"),
			fix:    "set go_name on the endpoint or rename the other name",
		})
	}
}
