package spec

import (
	"fmt"
	"go/token"
	"net/http"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// httpMethods are the methods an endpoint may use.
func httpMethods() []string {
	return []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
}

// idempotentMethod reports whether HTTP defines method as idempotent.
func idempotentMethod(method string) bool {
	return method != "POST" && method != "PATCH"
}

// parsePath checks a path template and returns its parameters in order, or
// what is wrong with it.
func parsePath(s string) ([]string, string) {
	if !strings.HasPrefix(s, "/") {
		return nil, "must start with /"
	}
	if strings.ContainsAny(s, "?#") {
		return nil, "must not hold a query or fragment (declare query parameters under query)"
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return nil, "must not hold spaces or control characters"
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return !pathChar(r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		return nil, fmt.Sprintf("must not hold %q (want letters, digits and -._~!$&'()*+,;=:@%%/; percent-encode anything else)", r)
	}
	if problem := segmentsProblem(s); problem != "" {
		return nil, problem
	}
	var params []string
	seen := map[string]bool{}
	rest := s
	for {
		open := strings.IndexAny(rest, "{}")
		if open < 0 {
			break
		}
		if rest[open] == '}' {
			return nil, "has a } without a {"
		}
		end := strings.IndexAny(rest[open+1:], "{}")
		if end < 0 || rest[open+1+end] != '}' {
			return nil, "has a { without a matching }"
		}
		name := rest[open+1 : open+1+end]
		if !validParamName(name) {
			return nil, fmt.Sprintf("has a bad parameter {%s} (want letters, digits, _ or -, starting with a letter)", name)
		}
		if seen[name] {
			return nil, fmt.Sprintf("uses {%s} twice", name)
		}
		seen[name] = true
		params = append(params, name)
		rest = rest[open+1+end+1:]
	}
	return params, ""
}

// parseEndpointPath is parsePath for an endpoint's path, which may end one
// parameter with "..." ({path...}): a greedy parameter whose slashes are
// kept. It returns the parameter names without the dots, and the greedy
// one's name or "".
func parseEndpointPath(s string) (names []string, greedy, problem string) {
	plain := s
	if n := strings.Count(s, "...}"); n > 0 {
		if n > 1 {
			return nil, "", "has more than one greedy parameter {name...}; a path may have one"
		}
		i := strings.Index(s, "...}")
		open := strings.LastIndexByte(s[:i], '{')
		if open < 0 {
			return nil, "", "has a ...} without a {"
		}
		greedy = s[open+1 : i]
		plain = s[:i] + s[i+3:]
	}
	names, problem = parsePath(plain)
	return names, greedy, problem
}

// segmentsProblem returns what is wrong with the percent-encodings or the
// segments of the URL path s, or "". Every % must start a valid
// percent-encoding, and no segment may be "." or ".." (or a
// percent-encoded form of them, such as %2e%2E): clients and servers
// resolve such segments away, so the request would go to another path.
func segmentsProblem(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])) {
			bad := s[i:min(i+3, len(s))]
			return fmt.Sprintf("has an invalid percent-encoding %q (want %% and two hex digits, such as %%20; write %%25 for a %% sign)", bad)
		}
	}
	for _, seg := range strings.Split(s, "/") {
		if dec := strings.ReplaceAll(strings.ReplaceAll(seg, "%2e", "."), "%2E", "."); dec == "." || dec == ".." {
			return fmt.Sprintf("has a %q segment, which clients and servers resolve away, so the request would go to another path; write the path without it", seg)
		}
	}
	return ""
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// pathChar reports whether r may stand in a path as it is (RFC 3986
// pchar, "/", and the braces of parameters).
func pathChar(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return strings.ContainsRune("-._~!$&'()*+,;=:@%/{}", r)
}

// validParamName reports whether s may name a path parameter.
func validParamName(s string) bool {
	return validTypeName(s)
}

// routeKey identifies a route for the duplicate check: parameters do not
// distinguish routes, so /a/{x} and /a/{y} are the same.
func routeKey(method, path string) string {
	var b strings.Builder
	b.WriteString(method + " ")
	inParam := false
	for _, r := range path {
		switch {
		case r == '{':
			inParam = true
			b.WriteString("{}")
		case r == '}':
			inParam = false
		case !inParam:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// endpoints walks the endpoints section.
func (l *loader) endpoints(n, keyN *yaml.Node, haveOperations bool) []*Endpoint {
	m := l.mapping(n, keyN, "endpoints", "endpoint", nil)
	if m == nil {
		return nil
	}
	out := []*Endpoint{}
	routes := map[string]entry{}
	var methods []methodName
	for _, e := range m.entries {
		ep := l.endpoint(e, haveOperations, routes)
		if ep == nil {
			continue
		}
		if ep.GoName != "" {
			nameNode := e.key
			if vm := deref(e.val); vm != nil && vm.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(vm.Content); i += 2 {
					if deref(vm.Content[i]).Value == "go_name" {
						nameNode = vm.Content[i+1]
					}
				}
			}
			methods = append(methods, methodName{ep.GoName, e.name, "Go name", nameNode, ep.GoName})
			if ep.Operation != nil {
				opKey := deref(e.val)
				for i := 0; i+1 < len(opKey.Content); i += 2 {
					if deref(opKey.Content[i]).Value == "operation" {
						opKey = opKey.Content[i]
						break
					}
				}
				wait, handle := OperationMethodNames(ep.GoName)
				methods = append(methods,
					methodName{wait, e.name, "operation method", opKey, ep.GoName},
					methodName{handle, e.name, "operation method", opKey, ep.GoName})
			}
			if ep.Pagination != nil {
				all, pages := PageMethodNames(ep.GoName)
				pageKey := deref(e.val)
				for i := 0; i+1 < len(pageKey.Content); i += 2 {
					if deref(pageKey.Content[i]).Value == "pagination" {
						pageKey = pageKey.Content[i]
						break
					}
				}
				methods = append(methods,
					methodName{all, e.name, "page method", pageKey, ep.GoName},
					methodName{pages, e.name, "page method", pageKey, ep.GoName})
			}
		}
		out = append(out, ep)
	}
	l.checkMethodNames(methods)
	return out
}

// methodName is a method the generated clients get from an endpoint.
type methodName struct {
	goName   string
	endpoint string // catalog name of the endpoint
	kind     string // "Go name" or "operation method"
	node     *yaml.Node
	base     string // the endpoint's Go name
}

// OperationMethodNames returns the names of the two methods generated for
// an endpoint that starts an operation, from the endpoint's Go name: the
// blocking one (StartTrainingAndWait) and the one returning a handle
// (StartTrainingOperation).
func OperationMethodNames(goName string) (wait, handle string) {
	return goName + "AndWait", goName + "Operation"
}

// checkMethodNames reports endpoint methods that the clients already have
// or that two endpoints would both generate.
func (l *loader) checkMethodNames(methods []methodName) {
	sort.SliceStable(methods, func(i, j int) bool {
		if methods[i].node.Line != methods[j].node.Line {
			return methods[i].node.Line < methods[j].node.Line
		}
		return methods[i].node.Column < methods[j].node.Column
	})
	seen := map[string]methodName{}
	for _, mn := range methods {
		if contains(ReservedMethodNames(), mn.goName) {
			l.errorf(mn.node, "endpoint %q: %s %q is a method every generated client has (reserved: %s); set go_name on the endpoint (e.g. go_name: %sEndpoint) or rename it",
				mn.endpoint, mn.kind, mn.goName, strings.Join(ReservedMethodNames(), ", "), mn.base)
			continue
		}
		if first, dup := seen[mn.goName]; dup {
			l.errorf(mn.node, "endpoint %q: %s %q is also the %s of endpoint %q (line %d); set go_name on one of them",
				mn.endpoint, mn.kind, mn.goName, first.kind, first.endpoint, first.node.Line)
			continue
		}
		seen[mn.goName] = mn
	}
}

// endpoint walks one endpoint.
func (l *loader) endpoint(e entry, haveOperations bool, routes map[string]entry) *Endpoint {
	ctx := fmt.Sprintf("endpoint %q", e.name)
	ep := &Endpoint{Name: e.name, GoName: GoName(e.name), Retry: true}
	m := l.keyed(e.val, e.key, ctx, endpointKeys())
	if m != nil && m.has("go_name") {
		ep.GoName = l.chooseGoName(m, e, ctx)
	} else if why := checkExported(ep.GoName); why != "" {
		l.errorf(e.key, "%sGo name %q %s; set go_name or rename the endpoint", at(ctx), ep.GoName, why)
		ep.GoName = ""
	}
	if m == nil {
		return ep
	}
	ep.Description = m.description()
	if v := m.get("method"); v != nil {
		if s, ok := l.nonEmpty(v, ctx, "method"); ok {
			switch {
			case contains(httpMethods(), s):
				ep.Method = s
			case contains(httpMethods(), strings.ToUpper(s)):
				l.errorf(v, "%smethod %q must be upper case (want %s)", at(ctx), s, strings.ToUpper(s))
			default:
				l.errorf(v, "%sunknown method %q (want one of %s)", at(ctx), s, strings.Join(httpMethods(), ", "))
			}
		}
	}
	var pathNode *yaml.Node
	var pathNames []string
	greedyName := ""
	pathOK := false
	if v := m.get("path"); v != nil {
		pathNode = v
		if s, ok := l.nonEmpty(v, ctx, "path"); ok {
			names, greedy, problem := parseEndpointPath(s)
			if problem != "" {
				l.errorf(v, "%spath %q %s", at(ctx), s, problem)
			} else {
				ep.Path, pathNames, pathOK = s, names, true
				greedyName = greedy
			}
		}
	}
	if ep.Method != "" && ep.Path != "" {
		key := routeKey(ep.Method, ep.Path)
		if first, dup := routes[key]; dup {
			l.errorf(pathNode, "%s%s %s is also endpoint %q (line %d); declare each method and path once", at(ctx), ep.Method, ep.Path, first.name, first.key.Line)
		} else {
			routes[key] = e
		}
	}
	ep.PathParams = l.pathParams(m, ctx, pathNode, pathNames, pathOK)
	for _, p := range ep.PathParams {
		if p.Name == greedyName {
			p.Greedy = true
			if p.Type != nil && p.Type.Kind != KindString {
				l.errorf(pathNode, "%spath parameter {%s...} must be of type string (its slashes are kept)", at(ctx), p.Name)
			}
		}
	}
	byGo := map[string]entry{}
	ep.Query = l.query(m, ctx, byGo)
	ep.Headers = l.headers(m, ctx, byGo)
	ep.FixedHeaders = l.fixedHeaders(m, ctx, ep.Headers)
	if (len(ep.Query) > 0 || len(ep.Headers) > 0) && ep.GoName != "" {
		ep.ParamsGoName = ep.GoName + "Params"
		l.pkgNames = append(l.pkgNames, pkgName{
			goName: ep.ParamsGoName,
			what:   fmt.Sprintf("query parameters struct of endpoint %q", e.name),
			node:   m.keyNode("query"),
			fix:    "set go_name on the endpoint or rename the other name",
		})
	}
	if v := m.get("body"); v != nil {
		if ep.Method == "GET" || ep.Method == "HEAD" {
			l.errorf(m.keyNode("body"), "%sa %s request has no body; use query parameters or another method", at(ctx), ep.Method)
		}
		l.body(ep, v, ctx)
		ep.BodyRequired = m.optBool("body_required", true)
	} else if m.has("body_required") {
		l.errorf(m.keyNode("body_required"), "%sbody_required is set but there is no body", at(ctx))
	}
	if v := m.get("response"); v != nil {
		l.response(ep, v, ctx)
		ep.ResponseOptional = m.optBool("response_optional", false)
		if ep.ResponseOptional && ep.ResponseMedia != ResponseJSON {
			l.errorf(m.keyNode("response_optional"), "%sresponse_optional applies to JSON responses; an empty text or bytes body is already a valid answer (\"\" or an empty slice)", at(ctx))
		}
	} else if m.has("response_optional") {
		l.errorf(m.keyNode("response_optional"), "%sresponse_optional is set but there is no response; an endpoint without a response already accepts an empty answer", at(ctx))
	}
	l.responses(ep, m, ctx)
	ep.Timeout = m.optDuration("timeout", 0, true)
	ep.Retry = m.optBool("retry", true)
	if v := m.get("max_retries"); v != nil {
		if n, ok := l.smallInt(v, ctx, "max_retries"); ok {
			if !ep.Retry {
				l.errorf(m.keyNode("max_retries"), "%smax_retries has no effect when retry is false; remove one of them", at(ctx))
			}
			ep.MaxRetries = &n
		}
	}
	ep.Idempotent = idempotentMethod(ep.Method)
	if v := m.get("idempotent"); v != nil {
		b, ok := l.boolean(v, ctx, "idempotent")
		switch {
		case !ok:
		case ep.Method != "" && idempotentMethod(ep.Method):
			l.errorf(m.keyNode("idempotent"), "%sidempotent applies to POST and PATCH only; %s is always idempotent", at(ctx), ep.Method)
		default:
			ep.Idempotent = b
		}
	}
	if v := m.get("pagination"); v != nil {
		ep.Pagination = l.pagination(v, m.keyNode("pagination"), ep, m, ctx)
	}
	if v := m.get("stream"); v != nil {
		ep.Stream = l.stream(v, m.keyNode("stream"), m, ctx)
	}
	if v := m.get("auth"); v != nil {
		if s, ok := l.nonEmpty(v, ctx, "auth"); ok {
			if s != "none" {
				l.errorf(v, "%sauth %q: the only value is none (a public endpoint, sent without the credential of client.auth)", at(ctx), s)
			} else {
				ep.NoAuth = true
			}
		}
	}
	if v := m.get("operation"); v != nil {
		ep.Operation = l.startOperation(v, m.keyNode("operation"), ctx)
		if !haveOperations {
			l.errorf(m.keyNode("operation"), "%soperation needs the top-level operations section (how to poll and cancel operations)", at(ctx))
		}
		switch {
		case ep.ResponseMedia != ResponseJSON:
			l.errorf(m.keyNode("operation"), "%san endpoint that starts an operation needs a JSON response (its operation id is read from it), not %s", at(ctx), ep.ResponseContentType)
		case ep.Response == nil && len(ep.Responses) == 0:
			l.errorf(m.keyNode("operation"), "%san endpoint that starts an operation needs a response (its operation id is read from it)", at(ctx))
		}
	}
	return ep
}

// pathParams walks path_params and returns them in path order.
func (l *loader) pathParams(m *mapNode, ctx string, pathNode *yaml.Node, pathNames []string, pathOK bool) []*Param {
	declared := map[string]*Param{}
	if v := m.get("path_params"); v != nil {
		pm := l.mapping(v, m.keyNode("path_params"), ctx, "path parameter", nil)
		if pm == nil {
			return nil
		}
		{
			args := map[string]entry{}
			for _, e := range pm.entries {
				pctx := fmt.Sprintf("%s path parameter %q", ctx, e.name)
				if pathOK && !contains(pathNames, e.name) {
					l.errorf(e.key, "%sdeclared but not used in path %q; remove it or use {%s} in the path", at(pctx), m.optStr("path", ""), e.name)
					continue
				}
				p := &Param{Name: e.name, Required: true}
				p.GoName = l.argName(e, pctx)
				if p.GoName != "" {
					if first, dup := args[p.GoName]; dup {
						l.errorf(e.key, "%sargument name %q is also the argument name of path parameter %q (line %d); rename one in the path and path_params", at(pctx), p.GoName, first.name, first.key.Line)
					} else {
						args[p.GoName] = e
					}
				}
				fm := l.typedMapping(e, pctx, pathParamKeys())
				if fm != nil {
					p.Description = fm.description()
					if tv := fm.get("type"); tv != nil {
						p.Type = l.typeExpr(tv, pctx, "type")
						if p.Type != nil && !l.isParamScalar(p.Type) {
							l.errorf(tv, "%stype %s cannot be a path segment (want string, integer, number, boolean, date-time or an enum)", at(pctx), fm.optStr("type", ""))
							p.Type = nil
						}
					}
				}
				declared[e.name] = p
			}
		}
	}
	var out []*Param
	for _, name := range pathNames {
		p, ok := declared[name]
		if !ok {
			l.errorf(pathNode, "%spath parameter {%s} is not declared under path_params", at(ctx), name)
			continue
		}
		out = append(out, p)
	}
	return out
}

// argName returns the Go argument name of a path parameter, reporting a
// name that is not a usable identifier.
func (l *loader) argName(e entry, ctx string) string {
	a := GoArgName(e.name)
	why := ""
	switch {
	case a == "" || !token.IsIdentifier(a) && !token.IsKeyword(a):
		why = "is not a valid Go identifier"
	case token.IsKeyword(a):
		why = "is a Go keyword"
	case isPredeclared(a):
		why = "is a predeclared Go identifier"
	case contains(ReservedArgNames(), a):
		why = "is already used by the generated methods (the reserved names are listed under path_params in docs/catalog.md)"
	}
	if why != "" {
		l.errorf(e.key, "%sargument name %q %s; rename the parameter in the path and path_params", at(ctx), a, why)
		return ""
	}
	return a
}

// query walks an endpoint's query parameters, in catalog order.
func (l *loader) query(m *mapNode, ctx string, byGo map[string]entry) []*Param {
	v := m.get("query")
	if v == nil {
		return nil
	}
	qm := l.mapping(v, m.keyNode("query"), ctx, "query parameter", nil)
	if qm == nil {
		return nil
	}
	var out []*Param
	keys := map[*Param]*yaml.Node{}
	for _, e := range qm.entries {
		pctx := fmt.Sprintf("%s query parameter %q", ctx, e.name)
		fm := l.typedMapping(e, pctx, queryKeys())
		if fm == nil {
			continue
		}
		p := &Param{Name: e.name, Description: fm.description()}
		if strings.TrimSpace(e.name) == "" {
			l.errorf(e.key, "%sthe name must not be empty", at(pctx))
			continue
		}
		p.GoName = l.memberGoName(fm, e, pctx, "query parameter", byGo)
		p.Style = QueryForm
		if sv := fm.get("style"); sv != nil {
			if s, ok := l.choice(sv, pctx, "style", queryStyles()); ok {
				p.Style = s
			}
		}
		if tv := fm.get("type"); tv != nil {
			p.Type = l.typeExpr(tv, pctx, "type")
			if p.Type != nil && !l.queryType(fm, tv, p, pctx) {
				p.Type = nil
			}
		}
		p.Required = fm.optBool("required", false)
		out = append(out, p)
		keys[p] = e.key
	}
	for _, d := range out {
		if d.Style != QueryDeepObject || d.Type == nil {
			continue
		}
		var fields []string
		if d.Type.Kind == KindRef {
			for _, f := range d.Type.Ref.Fields {
				fields = append(fields, f.JSONName)
			}
		}
		for _, q := range out {
			if q != d && DeepObjectClash(d.Name, fields, d.Type.Kind == KindMap, q.Name) {
				l.errorf(keys[q], "%squery parameter %q is also a key that deep_object parameter %q sends, and one value would overwrite the other; remove or rename one of them", at(ctx), q.Name, d.Name)
			}
		}
	}
	return out
}

// DeepObjectClash reports whether the query parameter name is one of the
// keys that the deep_object parameter deep sends, so that one value would
// overwrite the other: deep[field] for each of fields, the JSON names of
// its object type's fields, or, when isMap, deep[key] for any key.
func DeepObjectClash(deep string, fields []string, isMap bool, name string) bool {
	inner, ok := strings.CutPrefix(name, deep+"[")
	if !ok || !strings.HasSuffix(inner, "]") {
		return false
	}
	return isMap || slices.Contains(fields, strings.TrimSuffix(inner, "]"))
}

// queryType checks that the type of the query parameter p can be sent in
// its style. A type that no style sends is reported at the type, one that
// another style sends at the style.
func (l *loader) queryType(fm *mapNode, tv *yaml.Node, p *Param, ctx string) bool {
	t, typ := p.Type, fm.optStr("type", "")
	list := t.Kind == KindArray && l.isParamScalar(t.Elem)
	switch p.Style {
	case QueryForm:
		if l.isParamScalar(t) || list {
			return true
		}
	case QueryComma, QuerySpace, QueryPipe:
		if list {
			return true
		}
		if l.isParamScalar(t) {
			l.errorf(fm.get("style"), "%sstyle %s joins the elements of a list, but type %s is one value; remove style, or declare a list (type: \"[]%s\")", at(ctx), p.Style, typ, typ)
			return false
		}
	case QueryDeepObject:
		object, problem := l.deepObject(t)
		switch {
		case object && problem == "":
			return true
		case !object && (l.isParamScalar(t) || list):
			l.errorf(fm.get("style"), "%sstyle deep_object sends the fields of an object as %s[field]=value, but type %s is not an object; remove style, or declare an object type or map[string]T", at(ctx), p.Name, typ)
			return false
		case object:
			l.errorf(tv, "%stype %s cannot be a deep_object value: %s", at(ctx), typ, problem)
			return false
		}
	}
	if object, problem := l.deepObject(t); object && problem == "" {
		at0, what, each := fm.get("style"), "an object", "field"
		if at0 == nil {
			at0 = tv
		}
		if t.Kind == KindMap {
			what, each = "a map", "entry"
		}
		l.errorf(at0, "%stype %s is %s, which a query sends only with style: deep_object, as %s[key]=value for each %s", at(ctx), typ, what, p.Name, each)
		return false
	}
	l.errorf(tv, "%stype %s cannot be a query value (want string, integer, number, boolean, date-time, an enum, or a list []T of those; or, with style: deep_object, an object type or map[string]T whose values are those)", at(ctx), typ)
	return false
}

// deepObject reports whether t is an object type or a map, and, when it
// is, why it cannot be sent as a deep object (name[key]=value), or "" when
// it can: its fields, or the map's values, must be scalars or string
// enums, and no field nullable. Nested objects and lists have no agreed
// deep object form (OpenAPI leaves them undefined), so they are refused.
func (l *loader) deepObject(t *TypeRef) (bool, string) {
	want := "want string, integer, number, boolean, date-time or an enum; nested objects and lists have no deep_object form"
	switch {
	case t.Kind == KindMap:
		if !l.isParamScalar(t.Elem) {
			return true, fmt.Sprintf("its values are %s (%s)", describeRef(t.Elem), want)
		}
		return true, ""
	case t.Kind == KindRef && t.Ref.IsObject():
		for _, f := range t.Ref.Fields {
			switch {
			case f.Type == nil: // reported with the type
			case f.Nullable:
				return true, fmt.Sprintf("field %q of %s is nullable, but a deep_object field is sent or left out, never null (remove nullable)", f.JSONName, t.Ref.Name)
			case !l.isParamScalar(f.Type):
				return true, fmt.Sprintf("field %q of %s is %s (%s)", f.JSONName, t.Ref.Name, describeRef(f.Type), want)
			}
		}
		return true, ""
	}
	return false, ""
}

// headers walks an endpoint's typed header parameters, in catalog order;
// their Go names share byGo with the query parameters (one struct).
func (l *loader) headers(m *mapNode, ctx string, byGo map[string]entry) []*Param {
	v := m.get("headers")
	if v == nil {
		return nil
	}
	hm := l.mapping(v, m.keyNode("headers"), ctx, "header", nil)
	if hm == nil {
		return nil
	}
	var out []*Param
	seen := map[string]entry{}
	for _, e := range hm.entries {
		pctx := fmt.Sprintf("%s header %q", ctx, e.name)
		fm := l.typedMapping(e, pctx, headerKeys())
		if fm == nil || !l.headerName(e.key, ctx, "header", e.name) {
			continue
		}
		canon := http.CanonicalHeaderKey(e.name)
		if !l.settableHeader(e.key, ctx, canon) {
			continue
		}
		if first, dup := seen[canon]; dup {
			l.errorf(e.key, "%sheader %s is also header %q (line %d); header names ignore case", at(ctx), canon, first.name, first.key.Line)
			continue
		}
		seen[canon] = e
		p := &Param{Name: canon, Description: fm.description()}
		p.GoName = l.memberGoName(fm, e, pctx, "query parameter or header", byGo)
		if tv := fm.get("type"); tv != nil {
			p.Type = l.typeExpr(tv, pctx, "type")
			if p.Type != nil && !l.isParamScalar(p.Type) {
				l.errorf(tv, "%stype %s cannot be a header value (want string, integer, number, boolean, date-time or an enum)", at(pctx), fm.optStr("type", ""))
				p.Type = nil
			}
		}
		p.Required = fm.optBool("required", false)
		out = append(out, p)
	}
	return out
}

// settableHeader refuses a header that net/http writes itself and drops
// from a request's header map (Host, Content-Length, Transfer-Encoding,
// Trailer): a value declared for it would never be sent.
func (l *loader) settableHeader(n *yaml.Node, ctx, canon string) bool {
	switch canon {
	case "Host", "Content-Length", "Transfer-Encoding", "Trailer":
		l.errorf(n, "%sheader %s is written by the HTTP client itself (from the URL and the body); a value set here would never be sent", at(ctx), canon)
		return false
	}
	return true
}

// fixedHeaders walks an endpoint's fixed_headers, a mapping of header
// names to the values sent on every call, sorted by name.
func (l *loader) fixedHeaders(m *mapNode, ctx string, typed []*Param) []Header {
	v := m.get("fixed_headers")
	if v == nil {
		return nil
	}
	hm := l.mapping(v, m.keyNode("fixed_headers"), ctx, "fixed header", nil)
	if hm == nil {
		return nil
	}
	var out []Header
	seen := map[string]entry{}
	for _, e := range hm.entries {
		if !l.headerName(e.key, ctx, "fixed_headers", e.name) {
			continue
		}
		canon := http.CanonicalHeaderKey(e.name)
		if !l.settableHeader(e.key, ctx, canon) {
			continue
		}
		if first, dup := seen[canon]; dup {
			l.errorf(e.key, "%sfixed_headers lists %s twice (first at line %d; header names ignore case)", at(ctx), canon, first.key.Line)
			continue
		}
		seen[canon] = e
		if slices.ContainsFunc(typed, func(p *Param) bool { return p.Name == canon }) {
			l.errorf(e.key, "%s%s is both a fixed header and a header parameter; keep one", at(ctx), canon)
			continue
		}
		val, ok := l.line(e.val, ctx, "fixed_headers "+canon) // one line, no control characters
		if !ok {
			continue
		}
		out = append(out, Header{Name: canon, Value: val})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// startOperation walks an endpoint's operation key.
func (l *loader) startOperation(n, keyN *yaml.Node, epCtx string) *StartOperation {
	op := &StartOperation{OnCancel: "cancel"}
	if l.keyed(n, keyN, epCtx+" operation", startKeys(op)) == nil {
		return nil
	}
	return op
}

// startKeys are the keys of an endpoint's operation; they read into op.
func startKeys(op *StartOperation) []key {
	return []key{
		{name: "id", required: true, read: func(m *mapNode, name string, v *yaml.Node) { op.IDFields = m.l.pathList(v, m.ctx, name, true) }},
		{name: "on_cancel", read: func(m *mapNode, name string, v *yaml.Node) {
			if s, ok := m.l.nonEmpty(v, m.ctx, name); ok {
				if s != "cancel" && s != "detach" {
					m.l.errorf(v, "%sunknown on_cancel %q (want cancel or detach)", at(m.ctx), s)
				} else {
					op.OnCancel = s
				}
			}
		}},
	}
}

// endpointKeys are the keys of an endpoint; endpoint reads them, since
// most depend on the method or on each other.
func endpointKeys() []key {
	return []key{
		{name: "description"},
		{name: "method", required: true},
		{name: "path", required: true},
		{name: "path_params"},
		{name: "query"},
		{name: "headers"},
		{name: "fixed_headers"},
		{name: "body"},
		{name: "body_required"},
		{name: "response"},
		{name: "response_optional"},
		{name: "responses"},
		{name: "timeout"},
		{name: "retry"},
		{name: "idempotent"},
		{name: "max_retries"},
		{name: "operation"},
		{name: "auth"},
		{name: "go_name"},
		{name: "pagination"},
		{name: "stream"},
	}
}

// pathParamKeys are the keys of a path parameter; pathParams reads them.
func pathParamKeys() []key {
	return []key{{name: "type", required: true}, {name: "description"}}
}

// headerKeys are the keys of a header parameter; headers reads them.
func headerKeys() []key {
	return []key{{name: "type", required: true}, {name: "description"}, {name: "required"}, {name: "go_name"}}
}

// queryKeys are the keys of a query parameter; query reads them.
func queryKeys() []key {
	return []key{{name: "type", required: true}, {name: "description"}, {name: "required"}, {name: "go_name"}, {name: "style"}}
}
