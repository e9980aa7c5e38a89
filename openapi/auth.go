package openapi

import (
	"slices"
	"sort"
	"strings"

	"github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi/datamodel/high/base"
)

// secScheme is a security scheme of either version.
type secScheme struct {
	name, typ, httpScheme, in, keyName string
	node                               *yaml.Node
	pointer                            string
}

// secRequirements turns security requirement objects into lists of scheme
// names, one list per alternative (an empty list: no credential needed).
func secRequirements(reqs []*base.SecurityRequirement) [][]string {
	out := [][]string{}
	for _, r := range reqs {
		var names []string
		if r != nil && r.Requirements != nil {
			names = slices.Collect(r.Requirements.KeysFromOldest())
		}
		out = append(out, names)
	}
	return out
}

// catalogAuth maps a scheme to client.auth; why says what the catalog
// cannot express of it ("" when nothing), and ok is false when it cannot
// be expressed at all.
func catalogAuth(s secScheme) (a *authSpec, why string, ok bool) {
	switch strings.ToLower(s.typ) {
	case "apikey":
		in := strings.ToLower(s.in)
		if in != "header" && in != "query" && in != "cookie" || s.keyName == "" {
			return nil, "an apiKey in " + s.in + " named " + s.keyName + " is not expressible", false
		}
		if in == "header" && !validHeaderName(s.keyName) {
			return nil, "header name " + s.keyName + " is not a valid header name", false
		}
		if in == "header" && !settableHeader(s.keyName) {
			return nil, "the header " + s.keyName + " is written by the HTTP client itself", false
		}
		return &authSpec{scheme: "api_key", in: in, name: s.keyName}, "", true
	case "basic":
		return &authSpec{scheme: "basic"}, "", true
	case "http":
		switch strings.ToLower(s.httpScheme) {
		case "bearer":
			return &authSpec{scheme: "bearer"}, "", true
		case "basic":
			return &authSpec{scheme: "basic"}, "", true
		}
		return nil, "HTTP scheme " + s.httpScheme + " is not expressible (bearer and basic are)", false
	case "oauth2", "openidconnect":
		return &authSpec{scheme: "bearer"}, "the client sends the access token as a bearer token; obtaining it (the " + s.typ + " flows) is up to the caller: WithAuthFunc", true
	case "mutualtls":
		return nil, "mutual TLS is configured on the http.Client (WithHTTPClient), not in the catalog", false
	}
	return nil, "scheme type " + s.typ + " is not expressible", false
}

// chooseAuth sets client.auth to the scheme that most operations require
// (the first declared on a tie), and warns about every other one.
func (m *mapper) chooseAuth(schemes []secScheme, ops []*op) {
	if len(schemes) == 0 {
		return
	}
	// document order: the reader's map order is not stable for 2.0
	order := m.keyOrder("securityDefinitions")
	if o3 := m.keyOrder("components", "securitySchemes"); len(o3) > 0 {
		order = o3
	}
	sort.SliceStable(schemes, func(i, j int) bool { return order[schemes[i].name] < order[schemes[j].name] })
	count := map[string]int{}
	for _, o := range ops {
		seen := map[string]bool{}
		for _, alt := range o.security {
			for _, n := range alt {
				if !seen[n] {
					seen[n] = true
					count[n]++
				}
			}
		}
	}
	chosen := -1
	for i, s := range schemes {
		if _, _, ok := catalogAuth(s); !ok || count[s.name] == 0 {
			continue
		}
		if chosen < 0 || count[s.name] > count[schemes[chosen].name] {
			chosen = i
		}
	}
	for i, s := range schemes {
		a, why, ok := catalogAuth(s)
		switch {
		case i == chosen:
			m.cat.auth = a
			m.authName = s.name
			if why != "" {
				m.cat.notes = append(m.cat.notes, m.warn(at(s.node, s.pointer), "security scheme %q (%s): %s", s.name, s.typ, why))
			}
		case !ok:
			m.cat.notes = append(m.cat.notes, m.warn(at(s.node, s.pointer), "security scheme %q (%s) not imported: %s; add the credential with WithHeader or a RequestEditor", s.name, s.typ, why))
		case count[s.name] == 0:
			m.cat.notes = append(m.cat.notes, m.warn(at(s.node, s.pointer), "security scheme %q (%s) not imported: no operation requires it", s.name, s.typ))
		default:
			m.cat.notes = append(m.cat.notes, m.warn(at(s.node, s.pointer), "security scheme %q (%s) not imported: a catalog declares one scheme and client.auth is %q (required by the most operations); send this one with WithHeader or a RequestEditor", s.name, s.typ, schemes[chosen].name))
		}
	}
}

// endpointAuth marks an endpoint that needs no credential of client.auth
// (auth: none) and warns where it needs another.
func (m *mapper) endpointAuth(o *op, e *endpoint) {
	if m.cat.auth == nil {
		return
	}
	where := o.method + " " + o.path
	if len(o.security) == 0 {
		e.authNone = true
		return
	}
	var others []string
	for _, alt := range o.security {
		if len(alt) == 0 {
			return // the credential is optional: sent when there is one
		}
		if slices.Contains(alt, m.authName) {
			for _, n := range alt {
				if n != m.authName {
					e.notes = append(e.notes, m.warn(at(o.node, o.pointer), "%s: also requires security scheme %q, which is not imported; send it with WithCallHeader or a RequestEditor", where, n))
				}
			}
			return
		}
		others = append(others, strings.Join(alt, " and "))
	}
	e.authNone = true
	e.notes = append(e.notes, m.warn(at(o.node, o.pointer), "%s: requires security scheme %s, not %q (client.auth); the endpoint is auth: none, send its credential with WithCallHeader or a RequestEditor", where, strings.Join(others, " or "), m.authName))
}

// validHeaderName says whether s is an HTTP token.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r > 127 || !(isLetterOrDigit(r) || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}

// settableHeader says whether a header can be set on a request: net/http
// writes Host, Content-Length, Transfer-Encoding and Trailer itself.
func settableHeader(s string) bool {
	switch strings.ToLower(s) {
	case "host", "content-length", "transfer-encoding", "trailer":
		return false
	}
	return true
}

// keyOrder gives the position of each key of the mapping at path in the
// document.
func (m *mapper) keyOrder(path ...string) map[string]int {
	out := map[string]int{}
	if m.tree == nil || len(m.tree.Content) == 0 {
		return out
	}
	n := m.tree.Content[0]
	for _, k := range path {
		var next *yaml.Node
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == k {
					next = n.Content[i+1]
				}
			}
		}
		if next == nil {
			return out
		}
		n = next
	}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			out[n.Content[i].Value] = i / 2
		}
	}
	return out
}
