package openapi

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel/high/base"
	v3 "github.com/pb33f/libopenapi/datamodel/high/v3"
	"github.com/pb33f/libopenapi/orderedmap"
)

// op is one operation of either version, in the terms the mapper needs.
type op struct {
	method, path, id, summary, description string
	deprecated                             bool
	security                               [][]string // alternatives of scheme names; empty: no credential
	node                                   *yaml.Node
	pointer                                string
	params                                 []opParam
	body                                   *opBody
	responses                              []opResponse
}

type opParam struct {
	// style is the document's style ("json" for a parameter of content);
	// for Swagger 2, the collectionFormat of an array ("csv" when unset).
	name, in, description, style string
	required, deprecated         bool
	explode                      *bool // as the document says; nil when unset
	schema                       *base.SchemaProxy
	v2                           *v2Scalar // Swagger 2 non-body parameter
	node                         *yaml.Node
}

type opBody struct {
	media    []string // media types in document order
	schemas  map[string]*base.SchemaProxy
	form     []opParam           // Swagger 2 formData parameters
	encoding map[string][]string // per media type: what its encoding object says beyond the defaults
	schema   *base.SchemaProxy
	json     bool
	required bool
	node     *yaml.Node
}

type opResponse struct {
	code   string
	media  []string
	schema *base.SchemaProxy
	json   bool
	extra  []string // headers, links...
	node   *yaml.Node
}

// jsonMedia says whether a media type carries JSON.
func jsonMedia(mt string) bool {
	mt = strings.ToLower(strings.TrimSpace(strings.SplitN(mt, ";", 2)[0]))
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "*/*" || mt == "application/*"
}

// pickJSON returns the first JSON media type of content and its schema.
func pickJSON(content *orderedmap.Map[string, *v3.MediaType]) (string, *base.SchemaProxy, []string) {
	var all []string
	chosen := ""
	for k := range content.KeysFromOldest() {
		all = append(all, k)
		if chosen == "" && jsonMedia(k) {
			chosen = k
		}
	}
	if chosen == "" {
		return "", nil, all
	}
	return chosen, content.GetOrZero(chosen).Schema, all
}

func (m *mapper) v3(d *v3.Document) {
	title, desc := "", ""
	if d.Info != nil {
		title, desc = d.Info.Title, d.Info.Description
	}
	m.clientSection(title, desc)
	var root *yaml.Node
	switch {
	case len(d.Servers) == 0:
		m.cat.baseURL = "http://localhost"
		m.cat.notes = append(m.cat.notes, m.warn(at(root, "#"), "the document has no servers; base_url is http://localhost: set the real one in the catalog or with WithBaseURL"))
	default:
		s := d.Servers[0]
		var why string
		m.cat.baseURL, why = baseURL(serverURL(s))
		if why != "" {
			m.cat.notes = append(m.cat.notes, m.warn(at(nodeOf(s.GoLow()), "#/servers/0"), "%s", why))
		}
		if len(d.Servers) > 1 {
			m.cat.notes = append(m.cat.notes, m.warn(at(nodeOf(d.Servers[1].GoLow()), "#/servers/1"), "%d more servers; base_url is the first, choose another with WithBaseURL", len(d.Servers)-1))
		}
	}
	var schemes []secScheme
	if d.Components != nil {
		if d.Components.SecuritySchemes != nil {
			for name, ss := range d.Components.SecuritySchemes.FromOldest() {
				schemes = append(schemes, secScheme{name: name, typ: ss.Type, httpScheme: ss.Scheme, in: ss.In, keyName: ss.Name,
					node: nodeOf(ss.GoLow()), pointer: "#/components/securitySchemes/" + pointerEscape(name)})
			}
		}
		if d.Components.Schemas != nil {
			for name, sp := range d.Components.Schemas.FromOldest() {
				ref := "#/components/schemas/" + pointerEscape(name)
				if _, ok := m.named[ref]; ok || m.collapsed[ref].expr != "" {
					continue
				}
				if s := sp.Schema(); s != nil && needsType(s) {
					m.defineRef(ref, s, sp)
				}
			}
		}
	}
	if d.Webhooks != nil {
		for name, pi := range d.Webhooks.FromOldest() {
			m.cat.notes = append(m.cat.notes, m.warn(at(nodeOf(pi.GoLow()), "#/webhooks/"+pointerEscape(name)), "webhook %q not imported: a client does not receive requests", name))
		}
	}
	var ops []*op
	if d.Paths != nil && d.Paths.PathItems != nil {
		for path, pi := range d.Paths.PathItems.FromOldest() {
			ptr := "#/paths/" + pointerEscape(path)
			if m.otherServers(pi.Servers) {
				m.cat.notes = append(m.cat.notes, m.warn(at(nodeOf(pi.GoLow()), ptr), "path %s has servers of its own; they are not imported, the path uses base_url", path))
			}
			for _, mo := range []struct {
				method string
				o      *v3.Operation
			}{{"GET", pi.Get}, {"PUT", pi.Put}, {"POST", pi.Post}, {"DELETE", pi.Delete}, {"OPTIONS", pi.Options}, {"HEAD", pi.Head}, {"PATCH", pi.Patch}, {"TRACE", pi.Trace}, {"QUERY", pi.Query}} {
				if mo.o == nil {
					continue
				}
				o := m.v3op(path, mo.method, pi, mo.o, ptr+"/"+strings.ToLower(mo.method))
				o.security = secRequirements(d.Security)
				if !mo.o.GoLow().Security.IsEmpty() {
					o.security = secRequirements(mo.o.Security)
				}
				ops = append(ops, o)
			}
		}
	}
	m.chooseAuth(schemes, ops)
	for _, o := range ops {
		m.endpoint(o)
	}
	m.errorShape(ops)
}

func (m *mapper) v3op(path, method string, pi *v3.PathItem, o *v3.Operation, ptr string) *op {
	r := &op{method: method, path: path, id: o.OperationId, summary: o.Summary, description: o.Description,
		deprecated: o.Deprecated != nil && *o.Deprecated, node: nodeOf(o.GoLow()), pointer: ptr}
	var params []*v3.Parameter
	for _, p := range pi.Parameters {
		if !slices.ContainsFunc(o.Parameters, func(q *v3.Parameter) bool { return q.Name == p.Name && q.In == p.In }) {
			params = append(params, p)
		}
	}
	params = append(params, o.Parameters...)
	for _, p := range params {
		op := opParam{name: p.Name, in: p.In, description: p.Description, style: p.Style, schema: p.Schema, node: nodeOf(p.GoLow()),
			required: p.Required != nil && *p.Required, explode: p.Explode, deprecated: p.Deprecated}
		if op.schema == nil && p.Content != nil {
			if _, s, _ := pickJSON(p.Content); s != nil {
				op.schema = s
				op.style = "json"
			}
		}
		r.params = append(r.params, op)
	}
	if rb := o.RequestBody; rb != nil && rb.Content != nil {
		b := &opBody{required: rb.Required != nil && *rb.Required, node: nodeOf(rb.GoLow())}
		mt, s, all := pickJSON(rb.Content)
		b.media, b.json, b.schema = all, mt != "", s
		b.schemas = map[string]*base.SchemaProxy{}
		b.encoding = map[string][]string{}
		for k, v := range rb.Content.FromOldest() {
			b.schemas[k] = v.Schema
			if v.Encoding == nil {
				continue
			}
			for field, enc := range v.Encoding.FromOldest() {
				var what []string
				if enc.Style != "" && enc.Style != "form" {
					what = append(what, "style "+enc.Style)
				}
				if enc.Explode != nil && !*enc.Explode {
					what = append(what, "explode false")
				}
				if enc.AllowReserved {
					what = append(what, "allowReserved")
				}
				if enc.ContentType != "" {
					what = append(what, "contentType "+enc.ContentType+" (for a file, set File.ContentType)")
				}
				if enc.Headers != nil && enc.Headers.Len() > 0 {
					what = append(what, "part headers")
				}
				if len(what) > 0 {
					b.encoding[k] = append(b.encoding[k], fmt.Sprintf("%q: %s", field, strings.Join(what, ", ")))
				}
			}
		}
		r.body = b
	}
	if o.Responses != nil {
		if o.Responses.Codes != nil {
			for code, resp := range o.Responses.Codes.FromOldest() {
				r.responses = append(r.responses, v3resp(code, resp))
			}
		}
		if o.Responses.Default != nil {
			r.responses = append(r.responses, v3resp("default", o.Responses.Default))
		}
	}
	if o.Callbacks != nil && o.Callbacks.Len() > 0 {
		m.pending = append(m.pending, pendingNote{r, m.warn(at(r.node, ptr), "%s %s: callbacks not imported: a client does not receive requests", method, path)})
	}
	if m.otherServers(o.Servers) {
		m.pending = append(m.pending, pendingNote{r, m.warn(at(r.node, ptr), "%s %s: servers of the operation not imported; it uses base_url", method, path)})
	}
	return r
}

// serverURL is a server's URL with its variables at their defaults.
func serverURL(s *v3.Server) string {
	u := s.URL
	if s.Variables != nil {
		for name, v := range s.Variables.FromOldest() {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
	}
	return u
}

// otherServers says whether the servers of a path or an operation send
// it elsewhere than base_url: servers that repeat the document's first
// one lose nothing.
func (m *mapper) otherServers(list []*v3.Server) bool {
	if len(list) == 0 {
		return false
	}
	u, _ := baseURL(serverURL(list[0]))
	return u != m.cat.baseURL
}

func v3resp(code string, resp *v3.Response) opResponse {
	or := opResponse{code: code, node: nodeOf(resp.GoLow())}
	if resp.Content != nil {
		mt, s, all := pickJSON(resp.Content)
		or.media, or.json, or.schema = all, mt != "", s
	}
	if resp.Headers != nil && resp.Headers.Len() > 0 {
		or.extra = append(or.extra, "headers ("+strings.Join(slices.Collect(resp.Headers.KeysFromOldest()), ", ")+")")
	}
	if resp.Links != nil && resp.Links.Len() > 0 {
		or.extra = append(or.extra, "links")
	}
	return or
}

type pendingNote struct {
	o *op
	w Warning
}

// endpoint maps one operation to a catalog endpoint.
func (m *mapper) endpoint(o *op) {
	where := o.method + " " + o.path
	var notes []Warning
	for _, p := range m.pending {
		if p.o == o {
			notes = append(notes, p.w)
		}
	}
	if !slices.Contains([]string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}, o.method) {
		m.cat.notes = append(m.cat.notes, m.warn(at(o.node, o.pointer), "%s: method %s not expressible in a catalog; operation left out", where, o.method))
		return
	}
	docPath := o.path
	if i := strings.IndexByte(docPath, '#'); i >= 0 {
		// A fragment is not sent in HTTP (Box names operations that
		// share a route so): the route is the path before it.
		docPath = docPath[:i]
		notes = append(notes, m.warn(at(o.node, o.pointer), "%s: the path has a fragment (%s), which OpenAPI does not allow in a path and HTTP does not send; the endpoint's path is %s", where, o.path[i:], docPath))
	}
	path, renames, why := catalogPath(docPath)
	if why != "" {
		m.cat.notes = append(m.cat.notes, m.warn(at(o.node, o.pointer), "%s: %s; operation left out", where, why))
		return
	}
	route := o.method + " " + routeKey(path)
	if m.routes[route] {
		m.cat.notes = append(m.cat.notes, m.warn(at(o.node, o.pointer), "%s: the same method and path as an earlier operation (parameter names aside); left out", where))
		return
	}
	m.routes[route] = true
	name := o.id
	if name == "" {
		name = strings.ToLower(o.method) + "_" + o.path
	}
	name = snake(name)
	base := name
	for i := 2; m.epNames[name]; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	m.epNames[name] = true
	e := &endpoint{name: name, method: o.method, path: path, notes: notes}
	e.description = describe(firstNonEmpty(o.description, o.summary), &o.deprecated)
	ctx := goIdent(name)
	for _, p := range o.params {
		switch p.in {
		case "path":
			pname := renames[p.name]
			if pname == "" {
				continue // not in the path: reported below by the catalog check otherwise
			}
			typ := m.paramType(o, p, ctx+goIdent(p.name), false, &e.notes)
			e.pathParams = append(e.pathParams, &param{name: pname, typ: typ, description: describe(p.description, nil)})
			for i := 2; renames[p.name+"\x00"+strconv.Itoa(i)] != ""; i++ {
				again := renames[p.name+"\x00"+strconv.Itoa(i)]
				e.pathParams = append(e.pathParams, &param{name: again, typ: typ, description: describe(p.description, nil)})
				e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: path parameter %q appears more than once in the path; the catalog names each place, so the method takes it again as %s: pass the same value", where, p.name, again))
			}
		case "query":
			m.queryParam(o, e, p, ctx)
		case "header":
			m.headerParam(o, e, p, ctx)
		case "cookie":
			if a := m.cat.auth; a != nil && a.in == "cookie" && a.name == p.name {
				e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: cookie parameter %q left out: it carries the credential of client.auth, which sends it", where, p.name))
				continue
			}
			e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: cookie parameter %q not expressible (the catalog sends no cookie parameters); left out (send it with WithCallHeader(\"Cookie\", ...))", where, p.name))
		default:
			e.notes = append(e.notes, m.warn(at(p.node, o.pointer), "%s: parameter %q in %q not expressible; left out", where, p.name, p.in))
		}
	}
	for orig, pname := range sortedRenames(renames) {
		if !slices.ContainsFunc(e.pathParams, func(p *param) bool { return p.name == pname }) {
			e.pathParams = append(e.pathParams, &param{name: pname, typ: "string"})
			e.notes = append(e.notes, m.warn(at(o.node, o.pointer), "%s: path parameter %q is not declared; imported as a string", where, strings.SplitN(orig, "\x00", 2)[0]))
		}
	}
	m.sortPathParams(e)
	if o.body != nil {
		m.body(o, e, ctx)
	}
	m.response(o, e, ctx)
	m.endpointAuth(o, e)
	m.cat.endpoints = append(m.cat.endpoints, e)
}

func without(list []string, drop func(string) bool) []string {
	var out []string
	for _, s := range list {
		if !drop(s) {
			out = append(out, s)
		}
	}
	return out
}

// sortedRenames iterates renames in order of the original name.
func sortedRenames(r map[string]string) func(func(string, string) bool) {
	return func(yield func(string, string) bool) {
		keys := make([]string, 0, len(r))
		for k := range r {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !yield(k, r[k]) {
				return
			}
		}
	}
}

// sortPathParams puts path parameters in path order (the catalog's order is free,
// but a stable one keeps the output deterministic).
func (m *mapper) sortPathParams(e *endpoint) {
	idx := func(p *param) int { return strings.Index(e.path, "{"+p.name+"}") }
	sort.SliceStable(e.pathParams, func(i, j int) bool { return idx(e.pathParams[i]) < idx(e.pathParams[j]) })
}

// paramType maps a path or query parameter to a catalog parameter type.
func (m *mapper) paramType(o *op, p opParam, ctx string, query bool, notes *[]Warning) string {
	var typ string
	// what mapping the parameter's type warns about (an enum it cannot
	// keep, say) is noted on the endpoint too
	from := len(m.warnings)
	if p.v2 != nil {
		typ = m.v2ParamExpr(p.v2, ctx)
	} else {
		typ, _ = m.expr(p.schema, ctx)
	}
	*notes = append(*notes, m.warnings[from:]...)
	elem := typ
	if query && strings.HasPrefix(typ, "[]") {
		elem = typ[2:]
	}
	s, ok := m.paramScalar(elem)
	if !ok {
		*notes = append(*notes, m.warn(at(p.node, o.pointer), "%s %s: parameter %q of type %s not expressible as a %s parameter; sent as a string", o.method, o.path, p.name, typ, p.in))
		return "string"
	}
	if elem != typ {
		return "[]" + s
	}
	return s
}

// paramScalar maps a type expression to a parameter scalar.
func (m *mapper) paramScalar(e string) (string, bool) {
	switch e {
	case "string", "uuid", "uri", "date":
		return "string", true
	case "integer", "int32", "int64":
		return "integer", true
	case "number", "float", "double":
		return "number", true
	case "boolean", "date-time":
		return e, true
	}
	if t := m.byName[e]; t != nil && t.kind == kindEnum {
		return e, true
	}
	return "", false
}

// catalogPath makes a document path fit the catalog: parameter names
// that are not valid (or reserved as argument names) are renamed, other
// characters percent-encoded. renames maps each document name to its new one.
func catalogPath(p string) (string, map[string]string, string) {
	if i := strings.IndexByte(p, '?'); i >= 0 {
		// Encoded, it would be part of the path, which the server does
		// not have.
		return "", nil, fmt.Sprintf("the path has a query string (%s), which OpenAPI does not allow in a path and the catalog cannot send with every call (call it with Do)", p[i:])
	}
	renames := map[string]string{}
	var b strings.Builder
	if !strings.HasPrefix(p, "/") {
		b.WriteByte('/')
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if c == '{' {
			j := strings.IndexByte(p[i:], '}')
			if j < 0 {
				return "", nil, "an unclosed { in the path"
			}
			name := p[i+1 : i+j]
			nn := typeName(name)
			if nn != name || argReserved(nn) {
				nn = strings.ToLower(nn[:1]) + nn[1:]
				if argReserved(nn) {
					nn += "_value"
				}
			}
			for taken := true; taken; {
				taken = false
				for _, v := range renames {
					if v == nn {
						nn += "_2"
						taken = true
					}
				}
			}
			key := name
			for i := 2; renames[key] != ""; i++ { // a name used again in the path
				key = name + "\x00" + strconv.Itoa(i)
			}
			renames[key] = nn
			b.WriteString("{" + nn + "}")
			i += j
			continue
		}
		if c < 128 && (isLetterOrDigit(rune(c)) || strings.IndexByte("-._~!$&'()*+,;=:@/", c) >= 0) ||
			c == '%' && i+2 < len(p) && isHexB(p[i+1]) && isHexB(p[i+2]) {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	out := b.String()
	for _, seg := range strings.Split(out, "/") {
		s := strings.ToLower(strings.ReplaceAll(seg, "%2e", "."))
		if s == "." || s == ".." {
			return "", nil, "a path segment . or .. is resolved away by clients and servers"
		}
	}
	return out, renames, ""
}

func isHexB(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// routeKey is the path with parameter names blanked.
func routeKey(p string) string {
	var b strings.Builder
	depth := 0
	for _, r := range p {
		switch {
		case r == '{':
			depth++
			b.WriteString("{}")
		case r == '}':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// errorShape sets client.errors when the error responses share one schema.
func (m *mapper) errorShape(ops []*op) {
	count := map[string]int{}
	var order []string
	schemas := map[string]*base.SchemaProxy{}
	for _, o := range ops {
		for _, r := range o.responses {
			if !(strings.HasPrefix(r.code, "4") || strings.HasPrefix(r.code, "5") || r.code == "default") || !r.json || r.schema == nil || !r.schema.IsReference() {
				continue
			}
			ref := r.schema.GetReference()
			if count[ref] == 0 {
				order = append(order, ref)
				schemas[ref] = r.schema
			}
			count[ref]++
		}
	}
	best := ""
	for _, ref := range order {
		if best == "" || count[ref] > count[best] {
			best = ref
		}
	}
	if best == "" {
		return
	}
	s := schemas[best].Schema()
	if s == nil || s.Properties == nil {
		return
	}
	has := func(s *base.Schema, name string) *base.Schema {
		if s == nil || s.Properties == nil {
			return nil
		}
		if p, ok := s.Properties.Get(name); ok {
			if ps := p.Schema(); ps != nil {
				return ps
			}
		}
		return nil
	}
	var msg, code []string
	for _, k := range []string{"detail", "message", "error_description", "title"} {
		if has(s, k) != nil {
			msg = append(msg, k)
		}
	}
	if es := has(s, "error"); es != nil {
		if has(es, "message") != nil {
			msg = append(msg, "error.message")
		}
		if has(es, "code") != nil {
			code = append(code, "error.code")
		}
		if len(es.Type) == 1 && es.Type[0] == "string" {
			msg = append(msg, "error")
		}
	}
	if has(s, "code") != nil {
		code = append(code, "code")
	}
	if len(msg) == 0 {
		return
	}
	m.cat.errorMessage, m.cat.errorCode = msg, code
	m.cat.errorsFrom = refName(best)
}
