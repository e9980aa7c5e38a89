package openapi

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/clientgen/clientgen/spec"
)

// str is the string s. A plain << is a merge key to yaml.v3's reader,
// which the catalog refuses (and yaml.v3's encoder writes a string << that
// way), so it is quoted.
func str(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if s == "<<" {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func boolean(b bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b)}
}

func mapping(flow bool) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

func add(m *yaml.Node, key string, v *yaml.Node) *yaml.Node {
	k := str(key)
	m.Content = append(m.Content, k, v)
	return k
}

func list(items []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
	for _, s := range items {
		n.Content = append(n.Content, str(s))
	}
	return n
}

// comment turns warnings into the comment lines written above an item.
func comment(ws []Warning) string {
	var lines []string
	for _, w := range ws {
		lines = append(lines, "# import: "+oneLine(w.Msg))
	}
	return strings.Join(lines, "\n")
}

// emit writes the catalog text, and returns it with the YAML document it
// was written from; size is a guess at its length (the document's).
func (m *mapper) emit(size int) ([]byte, *yaml.Node, error) {
	c := m.cat
	root := mapping(false)
	client := mapping(false)
	add(client, "name", str(c.name))
	add(client, "package", str(c.pkg))
	add(client, "base_url", str(c.baseURL))
	if a := c.auth; a != nil {
		an := mapping(true)
		add(an, "scheme", str(a.scheme))
		if a.in != "" {
			add(an, "in", str(a.in))
			add(an, "name", str(a.name))
		}
		add(client, "auth", an)
	}
	if len(c.errorMessage) > 0 {
		errs := mapping(false)
		add(errs, "message", list(c.errorMessage))
		if len(c.errorCode) > 0 {
			add(errs, "code", list(c.errorCode))
		}
		k := add(client, "errors", errs)
		k.HeadComment = "# import: the error responses share the schema " + oneLine(c.errorsFrom)
	}
	ck := add(root, "client", client)
	ck.HeadComment = comment(c.notes)

	types := mapping(false)
	for _, t := range c.types {
		tn := mapping(false)
		if t.goName != specGoName(t.name) {
			add(tn, "go_name", str(t.goName))
		}
		if t.description != "" {
			add(tn, "description", str(t.description))
		}
		switch t.kind {
		case kindEnum:
			if t.enumBase != "" && t.enumBase != "integer" {
				add(tn, "type", str(t.enumBase))
			}
			l := list(t.enum)
			for _, v := range l.Content {
				if t.enumBase != "" {
					v.Tag = "!!int"
				}
				quote11(v)
			}
			add(tn, "enum", l)
			if len(t.enumGoNames) > 0 {
				names := mapping(true)
				for _, vw := range t.enumGoNames {
					k := add(names, vw[0], str(vw[1]))
					if t.enumBase != "" {
						k.Tag = "!!int"
					}
					quote11(k)
				}
				add(tn, "enum_go_names", names)
			}
		case kindAlias:
			add(tn, "type", str(t.alias))
		case kindUnion:
			add(tn, t.unionKey, list(t.members))
			if t.discProp != "" {
				d := mapping(false)
				add(d, "property", str(t.discProp))
				mp := mapping(true)
				for _, kv := range t.discMap {
					add(mp, kv[0], str(kv[1]))
				}
				add(d, "mapping", mp)
				add(tn, "discriminator", d)
			}
		default:
			if len(t.allOf) > 0 {
				add(tn, "all_of", list(t.allOf))
			}
			if len(t.fields) > 0 || len(t.allOf) == 0 {
				fs := mapping(len(t.fields) == 0)
				for _, f := range t.fields {
					fn := mapping(true)
					add(fn, "type", str(f.typ))
					if f.required {
						add(fn, "required", boolean(true))
					}
					if f.nullable {
						add(fn, "nullable", boolean(true))
					}
					if f.def != nil {
						add(fn, "default", f.def)
					}
					if f.goName != specGoName(f.json) {
						add(fn, "go_name", str(f.goName))
					}
					if f.description != "" {
						add(fn, "description", str(f.description))
					}
					k := add(fs, f.json, fn)
					k.HeadComment = comment(f.notes)
				}
				add(tn, "fields", fs)
			}
		}
		k := add(types, t.name, tn)
		k.HeadComment = owned(comment(t.notes))
	}
	if len(c.types) > 0 {
		add(root, "types", types)
	}

	eps := mapping(len(c.endpoints) == 0)
	for _, e := range c.endpoints {
		en := mapping(false)
		if e.goName != specGoName(e.name) {
			add(en, "go_name", str(e.goName))
		}
		if e.description != "" {
			add(en, "description", str(e.description))
		}
		add(en, "method", str(e.method))
		add(en, "path", str(e.path))
		if len(e.pathParams) > 0 {
			pp := mapping(false)
			for _, p := range e.pathParams {
				pn := mapping(true)
				add(pn, "type", str(p.typ))
				if p.description != "" {
					add(pn, "description", str(p.description))
				}
				add(pp, p.name, pn)
			}
			add(en, "path_params", pp)
		}
		// query and headers declare their parameters alike
		for _, ps := range []struct {
			key    string
			params []*param
		}{{"query", e.query}, {"headers", e.headers}} {
			if len(ps.params) == 0 {
				continue
			}
			pm := mapping(false)
			for _, p := range ps.params {
				pn := mapping(true)
				add(pn, "type", str(p.typ))
				if p.style != "" {
					add(pn, "style", str(p.style))
				}
				if p.required {
					add(pn, "required", boolean(true))
				}
				if p.goName != specGoName(p.name) {
					add(pn, "go_name", str(p.goName))
				}
				if p.description != "" {
					add(pn, "description", str(p.description))
				}
				add(pm, p.name, pn)
			}
			add(en, ps.key, pm)
		}
		if e.bodyContentType != "" {
			b := mapping(true)
			add(b, "content_type", str(e.bodyContentType))
			if e.body != "" {
				add(b, "type", str(e.body))
			}
			add(en, "body", b)
		} else if e.body != "" {
			add(en, "body", str(e.body))
		}
		if (e.body != "" || e.bodyContentType != "") && !e.bodyRequired {
			add(en, "body_required", boolean(false))
		}
		if e.responseContentType != "" {
			r := mapping(true)
			add(r, "content_type", str(e.responseContentType))
			add(en, "response", r)
		} else if e.response != "" {
			add(en, "response", str(e.response))
			if e.responseOptional {
				add(en, "response_optional", boolean(true))
			}
		} else if len(e.responses) > 0 {
			rs := mapping(false)
			for _, s := range e.responses {
				v := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
				if s.typ != "" {
					v = str(s.typ)
				}
				rs.Content = append(rs.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(s.status)}, v)
			}
			add(en, "responses", rs)
		}
		if e.authNone {
			add(en, "auth", str("none"))
		}
		k := add(eps, e.name, en)
		k.HeadComment = owned(comment(e.notes))
	}
	add(root, "endpoints", eps)

	out := make([]byte, 0, size)
	out = append(out, Header+oneLine(m.opt.Doc)+".\n"...)
	out = append(out, explanation...)
	doc := document(root)
	out, err := encodeYAML(out, doc)
	return out, doc, err
}

// quote11 quotes a string that YAML 1.1 reads as a boolean, which the
// catalog refuses plain.
func quote11(n *yaml.Node) {
	if spec.YAML11Bool(n.Value) {
		n.Style = yaml.SingleQuotedStyle
	}
}
