package openapi

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// Media kinds of a body or a response, as the catalog sends and reads them.
const (
	mediaJSON      = "json"
	mediaForm      = "form"
	mediaMultipart = "multipart"
	mediaText      = "text"
	mediaRaw       = "raw"
)

// mediaKind says how the catalog carries a media type.
func mediaKind(mt string) string {
	base, _, err := mime.ParseMediaType(mt)
	if err != nil {
		base = strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	}
	switch {
	case jsonMedia(base):
		return mediaJSON
	case base == "application/x-www-form-urlencoded":
		return mediaForm
	case base == "multipart/form-data" || base == "multipart/mixed":
		return mediaMultipart
	case strings.HasPrefix(base, "text/"):
		return mediaText
	}
	return mediaRaw
}

// xmlMedia says whether a media type carries XML.
func xmlMedia(mt string) bool {
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	return strings.HasSuffix(base, "/xml") || strings.HasSuffix(base, "+xml")
}

// concreteMedia makes a media type one a request can name: a wildcard or
// an unparsable one becomes fallback; changed says so.
func concreteMedia(mt, fallback string) (string, bool) {
	base, params, err := mime.ParseMediaType(mt)
	if err != nil || strings.Contains(base, "*") || !strings.Contains(base, "/") {
		return fallback, true
	}
	delete(params, "boundary")
	return mime.FormatMediaType(base, params), mime.FormatMediaType(base, params) != mt
}

// chooseMedia picks the media type of a body or response: the first JSON
// one, else the first in document order.
func chooseMedia(media []string) string {
	for _, mt := range media {
		if mediaKind(mt) == mediaJSON {
			return mt
		}
	}
	if len(media) > 0 {
		return media[0]
	}
	return ""
}

// headerParam maps a header parameter to the endpoint's headers.
func (m *mapper) headerParam(o *op, e *endpoint, p opParam, ctx string) {
	where := o.method + " " + o.path
	canon := http.CanonicalHeaderKey(p.name)
	leave := func(why string) {
		e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: header parameter %q left out: %s", where, p.name, why))
	}
	switch {
	case !validHeaderName(p.name):
		leave("not a valid header name")
		return
	case canon == "Accept" || canon == "Content-Type":
		leave("the client sets it from the media types of the body and the response")
		return
	case canon == "Authorization":
		leave("credentials go through client.auth (WithAuth, WithAuthFunc) or WithCallHeader")
		return
	case !settableHeader(canon):
		leave("net/http writes it itself")
		return
	case m.cat.auth != nil && m.cat.auth.in == "header" && strings.EqualFold(m.cat.auth.name, canon):
		leave("it carries the credential of client.auth, which sends it")
		return
	case slices.ContainsFunc(e.headers, func(q *param) bool { return q.name == canon }):
		leave("another header parameter has the same name (header names ignore case)")
		return
	}
	typ := m.paramType(o, p, ctx+goIdent(p.name), false, &e.notes)
	e.headers = append(e.headers, &param{name: canon, typ: typ, required: p.required, description: describe(p.description, &p.deprecated)})
}

// body maps the request body by its media type: JSON first, else the
// first the document lists; the others are warned about.
func (m *mapper) body(o *op, e *endpoint, ctx string) {
	b := o.body
	where := o.method + " " + o.path
	if o.method == "GET" || o.method == "HEAD" {
		e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: a request body on %s not expressible; left out", where, o.method))
		return
	}
	mt := chooseMedia(b.media)
	if mt == "" {
		return
	}
	if others := slices.DeleteFunc(slices.Clone(b.media), func(s string) bool { return s == mt }); len(others) > 0 {
		e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: request body media types %s not imported; the client sends %s", where, strings.Join(others, ", "), mt))
	}
	sp := b.schemas[mt]
	if sp == nil && mediaKind(mt) == mediaJSON {
		sp = b.schema
	}
	e.bodyRequired = b.required
	switch mediaKind(mt) {
	case mediaJSON:
		e.body, _ = m.expr(sp, ctx+"Request")
	case mediaForm, mediaMultipart:
		m.formBody(o, e, mt, sp, ctx)
		for _, enc := range b.encoding[mt] {
			e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: encoding of form field %s not expressible; the field is sent as the catalog sends form values (form, explode)", where, enc))
		}
	case mediaText:
		ct, changed := concreteMedia(mt, "text/plain")
		if changed && ct != mt {
			e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: request body media type %s sent as %s", where, mt, ct))
		}
		e.bodyContentType = ct
		if xmlMedia(mt) {
			e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: XML request body: the method takes the document as a string; its schema is not mapped", where))
		}
	default:
		ct, changed := concreteMedia(mt, "application/octet-stream")
		if changed && ct != mt {
			e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: request body media type %s sent as %s", where, mt, ct))
		}
		e.bodyContentType = ct
		if xmlMedia(mt) {
			e.notes = append(e.notes, m.warn(at(b.node, o.pointer), "%s: XML request body: the method takes the document as an io.Reader; its schema is not mapped", where))
		}
	}
}

// formScalar says whether a catalog type expression can be a form value.
func (m *mapper) formScalar(typ string) bool {
	typ = strings.TrimPrefix(typ, "[]")
	switch typ {
	case "string", "integer", "number", "boolean", "date-time", "int32", "int64", "float", "date":
		return true
	}
	t := m.byName[typ]
	return t != nil && t.kind == kindEnum
}

// binarySchema says whether a property is a file: a binary string, or a list of them.
func binarySchema(sp *base.SchemaProxy) bool {
	if sp == nil {
		return false
	}
	s := sp.Schema()
	if s == nil {
		return false
	}
	if slices.Contains(s.Type, "array") && s.Items != nil && s.Items.IsA() {
		return binarySchema(s.Items.A)
	}
	return slices.Contains(s.Type, "string") && (s.Format == "binary" || s.ContentMediaType != "" && s.ContentEncoding == "")
}

// formBody maps a form or multipart body: an object type of its
// scalar values; in a multipart body, binary properties are the files.
func (m *mapper) formBody(o *op, e *endpoint, mt string, sp *base.SchemaProxy, ctx string) {
	where := o.method + " " + o.path
	node := o.body.node
	kind := mediaKind(mt)
	ct := "application/x-www-form-urlencoded"
	if kind == mediaMultipart {
		ct = "multipart/form-data"
		if base, _, _ := mime.ParseMediaType(mt); base != "multipart/form-data" {
			e.notes = append(e.notes, m.warn(at(node, o.pointer), "%s: request body %s sent as multipart/form-data", where, mt))
		}
	}
	var files []string
	if len(o.body.form) > 0 { // Swagger 2 formData parameters
		for _, p := range o.body.form {
			if p.v2 != nil && p.v2.typ == "file" {
				files = append(files, p.name)
			}
		}
		if len(files) > 0 && kind == mediaForm {
			ct, kind = "multipart/form-data", mediaMultipart
			e.notes = append(e.notes, m.warn(at(node, o.pointer), "%s: formData with files sent as multipart/form-data", where))
		}
		e.bodyContentType = ct
		t := m.newType(ctx + "Form")
		for _, p := range o.body.form {
			if slices.Contains(files, p.name) {
				continue
			}
			if !validJSONName(p.name) {
				e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: form field %q cannot be a Go struct tag; left out", where, p.name))
				continue
			}
			typ := m.paramType(o, p, t.name+goIdent(p.name), true, &e.notes)
			t.fields = append(t.fields, &field{json: p.name, typ: typ, required: p.required, description: describe(p.description, nil)})
		}
		m.formNotes(o, e, files)
		if len(t.fields) > 0 {
			e.body = t.name
		} else {
			m.dropType(t)
		}
		return
	}
	s := (*base.Schema)(nil)
	if sp != nil {
		s = sp.Schema()
	}
	if s == nil || s.Properties == nil || s.Properties.Len() == 0 {
		if kind == mediaForm {
			e.notes = append(e.notes, m.warn(at(node, o.pointer), "%s: form body without properties not expressible (a form body is an object type); left out (use Do)", where))
			e.bodyRequired = false
			return
		}
		e.bodyContentType = ct
		e.notes = append(e.notes, m.warn(at(node, o.pointer), "%s: multipart body without properties: the method takes files only", where))
		return
	}
	e.bodyContentType = ct
	for name, psp := range s.Properties.FromOldest() {
		if kind == mediaMultipart && binarySchema(psp) {
			files = append(files, name)
		}
	}
	if sp.IsReference() && len(files) == 0 {
		typ, _ := m.expr(sp, ctx+"Request")
		if t := m.byName[typ]; t != nil && t.isObject() && len(t.allOf) == 0 && !slices.ContainsFunc(t.fields, func(f *field) bool { return !m.formScalar(f.typ) || f.nullable }) {
			e.body = typ
			return
		}
	}
	t := m.newType(ctx + "Form")
	m.addFields(t, s, map[string]bool{})
	var kept []*field
	for _, f := range t.fields {
		if slices.Contains(files, f.json) {
			continue
		}
		elem := strings.TrimPrefix(f.typ, "[]")
		if p, ok := m.paramScalar(elem); ok {
			f.typ = f.typ[:len(f.typ)-len(elem)] + p
		}
		if !m.formScalar(f.typ) {
			e.notes = append(e.notes, m.warn(at(node, o.pointer), "%s: form field %q of type %s cannot be a form value; left out (use Do)", where, f.json, f.typ))
			continue
		}
		f.nullable = false
		kept = append(kept, f)
	}
	t.fields = kept
	m.formNotes(o, e, files)
	if len(kept) == 0 {
		m.dropType(t)
		if kind == mediaForm {
			e.bodyContentType = ""
			e.bodyRequired = false
			e.notes = append(e.notes, m.warn(at(node, o.pointer), "%s: no field of the form body can be a form value; body left out (use Do)", where))
		}
		return
	}
	e.body = t.name
}

// formNotes tells how the files of a multipart body are sent.
func (m *mapper) formNotes(o *op, e *endpoint, files []string) {
	if len(files) > 0 {
		e.notes = append(e.notes, m.warn(at(o.body.node, o.pointer), "%s: file fields %s are sent as files (the method's files []File, File.Field naming the field)", o.method+" "+o.path, strings.Join(files, ", ")))
	}
}

// nonJSONResponse maps a success response that is not JSON: text as a
// string, anything else as bytes.
func (m *mapper) nonJSONResponse(o *op, e *endpoint, r opResponse) {
	where := o.method + " " + o.path
	mt := chooseMedia(r.media)
	fallback := "application/octet-stream"
	if mediaKind(mt) == mediaText {
		fallback = "text/plain"
	}
	ct, changed := concreteMedia(mt, fallback)
	if changed && ct != mt && strings.Contains(mt, "*") {
		// a wildcard still fits an Accept header
		ct = mt
		if _, _, err := mime.ParseMediaType(mt); err != nil {
			ct = fallback
		}
	}
	e.responseContentType = ct
	if len(r.media) > 1 {
		e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: response %s media types %s not imported; the client asks for %s", where, r.code, strings.Join(slices.DeleteFunc(slices.Clone(r.media), func(s string) bool { return s == mt }), ", "), ct))
	}
	if xmlMedia(mt) {
		e.notes = append(e.notes, m.warn(at(r.node, o.pointer), "%s: XML response %s: the method returns the document unparsed; its schema is not mapped", where, r.code))
	}
}
