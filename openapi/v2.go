package openapi

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v2 "github.com/pb33f/libopenapi/datamodel/high/v2"
)

// v2Scalar is a Swagger 2 parameter's inline type (not a schema).
type v2Scalar struct {
	typ, format, collection string
	enum                    []*yaml.Node
	items                   *v2Scalar
}

func v2items(it *v2.Items) *v2Scalar {
	if it == nil {
		return nil
	}
	return &v2Scalar{typ: it.Type, format: it.Format, collection: it.CollectionFormat, enum: it.Enum, items: v2items(it.Items)}
}

// v2ParamExpr maps a Swagger 2 parameter type.
func (m *mapper) v2ParamExpr(p *v2Scalar, ctx string) string {
	if p.typ == "array" {
		if p.items == nil {
			return "[]string"
		}
		return "[]" + m.v2ParamExpr(p.items, ctx+"Item")
	}
	if len(p.enum) > 0 && p.typ == "string" && stringValues(p.enum) {
		t := m.newType(ctx)
		m.enumOf(t, p.enum, "")
		return t.name
	}
	if base := intEnumOf(p.enum, p.format); len(p.enum) > 0 && p.typ == "integer" && base != "" {
		t := m.newType(ctx)
		m.enumOf(t, p.enum, base)
		return t.name
	}
	typ := scalarOf([]string{p.typ}, p.format)
	if len(p.enum) > 0 {
		m.warn(at(p.enum[0], ""), "parameter %s: %s; mapped to %s without the list of values", ctx, enumLoss(p.enum, []string{p.typ}), typ)
	}
	return typ
}

func (m *mapper) v2(d *v2.Swagger) {
	title, desc := "", ""
	if d.Info != nil {
		title, desc = d.Info.Title, d.Info.Description
	}
	m.clientSection(title, desc)
	scheme := "http"
	for _, s := range d.Schemes {
		if s == "https" {
			scheme = "https"
		}
	}
	host := d.Host
	if host == "" {
		host = "localhost"
		m.cat.notes = append(m.cat.notes, m.warn(Warning{Pointer: "#/host"}, "the document has no host; base_url uses localhost: set the real one in the catalog or with WithBaseURL"))
	}
	u, why := baseURL(scheme + "://" + host + d.BasePath)
	m.cat.baseURL = u
	if why != "" {
		m.cat.notes = append(m.cat.notes, m.warn(Warning{Pointer: "#/host"}, "%s", why))
	}
	var schemes []secScheme
	if d.SecurityDefinitions != nil && d.SecurityDefinitions.Definitions != nil {
		for name, ss := range d.SecurityDefinitions.Definitions.FromOldest() {
			schemes = append(schemes, secScheme{name: name, typ: ss.Type, in: ss.In, keyName: ss.Name,
				node: nodeOf(ss.GoLow()), pointer: "#/securityDefinitions/" + pointerEscape(name)})
		}
	}
	if d.Definitions != nil && d.Definitions.Definitions != nil {
		for name, sp := range d.Definitions.Definitions.FromOldest() {
			ref := "#/definitions/" + pointerEscape(name)
			if _, ok := m.named[ref]; ok || m.collapsed[ref].expr != "" {
				continue
			}
			if s := sp.Schema(); s != nil && needsType(s) {
				m.defineRef(ref, s, sp)
			}
		}
	}
	var ops []*op
	if d.Paths != nil && d.Paths.PathItems != nil {
		for path, pi := range d.Paths.PathItems.FromOldest() {
			ptr := "#/paths/" + pointerEscape(path)
			for _, mo := range []struct {
				method string
				o      *v2.Operation
			}{{"GET", pi.Get}, {"PUT", pi.Put}, {"POST", pi.Post}, {"DELETE", pi.Delete}, {"OPTIONS", pi.Options}, {"HEAD", pi.Head}, {"PATCH", pi.Patch}} {
				if mo.o != nil {
					o := m.v2op(path, mo.method, pi, mo.o, d, ptr+"/"+strings.ToLower(mo.method))
					o.security = secRequirements(d.Security)
					if !mo.o.GoLow().Security.IsEmpty() {
						o.security = secRequirements(mo.o.Security)
					}
					ops = append(ops, o)
				}
			}
		}
	}
	m.chooseAuth(schemes, ops)
	for _, o := range ops {
		m.endpoint(o)
	}
	m.errorShape(ops)
}

func (m *mapper) v2op(path, method string, pi *v2.PathItem, o *v2.Operation, d *v2.Swagger, ptr string) *op {
	r := &op{method: method, path: path, id: o.OperationId, summary: o.Summary, description: o.Description,
		deprecated: o.Deprecated, node: nodeOf(o.GoLow()), pointer: ptr}
	var params []*v2.Parameter
	for _, p := range pi.Parameters {
		dup := false
		for _, q := range o.Parameters {
			dup = dup || q.Name == p.Name && q.In == p.In
		}
		if !dup {
			params = append(params, p)
		}
	}
	params = append(params, o.Parameters...)
	consumes := o.Consumes
	if len(consumes) == 0 {
		consumes = d.Consumes
	}
	if len(consumes) == 0 {
		consumes = []string{"application/json"}
	}
	produces := o.Produces
	if len(produces) == 0 {
		produces = d.Produces
	}
	if len(produces) == 0 {
		produces = []string{"application/json"}
	}
	hasJSON := func(list []string) bool {
		for _, s := range list {
			if jsonMedia(s) {
				return true
			}
		}
		return false
	}
	for _, p := range params {
		// Swagger 2.0's parameters carry no node of their own: their name's
		// stands for them.
		node := nodeOf(p.GoLow())
		if node == nil && p.GoLow() != nil {
			node = p.GoLow().Name.KeyNode
		}
		req := p.Required != nil && *p.Required
		switch p.In {
		case "body":
			r.body = &opBody{media: consumes, json: hasJSON(consumes), schema: p.Schema, required: req, node: node, schemas: map[string]*base.SchemaProxy{}}
			for _, mt := range consumes {
				r.body.schemas[mt] = p.Schema
			}
		case "formData":
			if r.body == nil {
				var media []string
				for _, mt := range consumes {
					if mt == "application/x-www-form-urlencoded" || mt == "multipart/form-data" {
						media = append(media, mt)
					}
				}
				if len(media) == 0 {
					media = []string{"application/x-www-form-urlencoded"}
				}
				r.body = &opBody{media: media, node: node}
			}
			sc := &v2Scalar{typ: p.Type, format: p.Format, collection: p.CollectionFormat, enum: p.Enum, items: v2items(p.Items)}
			r.body.form = append(r.body.form, opParam{name: p.Name, in: p.In, description: p.Description, required: req, v2: sc, node: node})
			r.body.required = r.body.required || req
		default:
			sc := &v2Scalar{typ: p.Type, format: p.Format, collection: p.CollectionFormat, enum: p.Enum, items: v2items(p.Items)}
			style := ""
			if p.Type == "array" {
				style = cmp.Or(p.CollectionFormat, "csv") // Swagger 2's default
			}
			r.params = append(r.params, opParam{name: p.Name, in: p.In, description: p.Description, required: req, v2: sc, node: node, style: style})
		}
	}
	if o.Responses != nil {
		add := func(code string, resp *v2.Response) {
			or := opResponse{code: code, node: nodeOf(resp.GoLow())}
			if or.node == nil {
				or.node = m.locate(ptr + "/responses/" + pointerEscape(code))
			}
			if resp.Schema != nil {
				or.media, or.json, or.schema = produces, hasJSON(produces), resp.Schema
			}
			if resp.Headers != nil && resp.Headers.Len() > 0 {
				or.extra = append(or.extra, "headers ("+strings.Join(slices.Collect(resp.Headers.KeysFromOldest()), ", ")+")")
			}
			r.responses = append(r.responses, or)
		}
		if o.Responses.Codes != nil {
			for code, resp := range o.Responses.Codes.FromOldest() {
				add(code, resp)
			}
		}
		if o.Responses.Default != nil {
			add("default", o.Responses.Default)
		}
	}
	return r
}
