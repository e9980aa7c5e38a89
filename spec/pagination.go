package spec

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// Pagination styles: how the request of the next page is made.
const (
	// PageOffset sets an offset query parameter to the number of items
	// before the next page.
	PageOffset = "offset"
	// PageNumber sets a page number query parameter to the next number.
	PageNumber = "page"
	// PageCursor sends the cursor read from the response back in a query
	// parameter.
	PageCursor = "cursor"
	// PageLink follows the RFC 8288 Link header with rel="next".
	PageLink = "link"
)

// pageStyles lists the styles in the order docs/catalog.md gives them.
func pageStyles() []string { return []string{PageOffset, PageNumber, PageCursor, PageLink} }

// Pagination says how an endpoint's results come in pages, for the
// generated page and item iterators (PageMethodNames).
type Pagination struct {
	Style string // PageOffset, PageNumber, PageCursor or PageLink
	// Param is the query parameter set for each next page: the offset,
	// the page number or the cursor; empty for PageLink.
	Param string
	// SizeParam is the page size query parameter (limit, page size), if
	// the catalog names one; the iterator leaves it as the caller set it.
	SizeParam string
	// FirstPage is the number of the first page (PageNumber), used when
	// the caller asks for no page.
	FirstPage int
	// Items is the dotted path of the items in the response; "" when the
	// response is the list itself. ItemsFields are the fields it goes
	// through, in order.
	Items       string
	ItemsFields []*Field
	// Item is the type of one item: the element of the list at Items.
	Item *TypeRef
	// Cursor is the dotted path of the next cursor in the response
	// (PageCursor), and CursorFields the fields it goes through.
	Cursor       string
	CursorFields []*Field
	// Total is the dotted path of the total number of items (PageOffset,
	// PageNumber), "" when there is none, and TotalFields the fields it
	// goes through.
	Total       string
	TotalFields []*Field
}

// paginationKeys are the keys of an endpoint's pagination; pagination
// reads them, since what each means depends on the style.
func paginationKeys() []key {
	return []key{
		{name: "style", required: true},
		{name: "items"},
		{name: "offset"},
		{name: "limit"},
		{name: "page"},
		{name: "size"},
		{name: "first_page"},
		{name: "cursor"},
		{name: "cursor_param"},
		{name: "total"},
	}
}

// styleKeys lists the keys that only some styles take, with those styles.
func styleKeys() []styleKey {
	return []styleKey{
		{"offset", []string{PageOffset}},
		{"limit", []string{PageOffset}},
		{"page", []string{PageNumber}},
		{"size", []string{PageNumber}},
		{"first_page", []string{PageNumber}},
		{"cursor", []string{PageCursor}},
		{"cursor_param", []string{PageCursor}},
		{"total", []string{PageOffset, PageNumber}},
	}
}

// styleKey is a pagination key and the styles that take it.
type styleKey struct {
	key    string
	styles []string
}

// pagination walks an endpoint's pagination key. ep has its query
// parameters and response resolved.
func (l *loader) pagination(n, keyN *yaml.Node, ep *Endpoint, m *mapNode, ctx string) *Pagination {
	ctx += " pagination"
	pm := l.keyed(n, keyN, ctx, paginationKeys())
	if pm == nil {
		return nil
	}
	p := &Pagination{}
	ok := true
	if v := pm.get("style"); v != nil {
		p.Style, _ = l.choice(v, ctx, "style", pageStyles())
	}
	if p.Style == "" {
		return nil
	}
	for _, sk := range styleKeys() {
		if pm.has(sk.key) && !contains(sk.styles, p.Style) {
			l.errorf(pm.keyNode(sk.key), "%s%s does not apply to the %s style (it applies to %s); remove it", at(ctx), sk.key, p.Style, strings.Join(sk.styles, " and "))
			ok = false
		}
	}
	if ep.Response == nil {
		l.errorf(keyN, "%sa paginated endpoint needs a response (its items are read from it)", at(ctx))
		return nil
	}
	if ep.ResponseOptional {
		l.errorf(m.keyNode("response_optional"), "%sa paginated endpoint needs a response on every page; remove response_optional", at(ctx))
		ok = false
	}
	// Where the items are.
	if v := pm.get("items"); v != nil {
		if s, good := l.nonEmpty(v, ctx, "items"); good && l.dottedPath(v, ctx, "items", s) {
			leaf, fields, problem := fieldPath(ep.Response, s)
			switch {
			case problem != "":
				l.errorf(v, "%sitems path %q: %s", at(ctx), s, problem)
				ok = false
			case leaf.Kind != KindArray:
				l.errorf(v, "%sitems path %q leads to %s, want a list", at(ctx), s, describeRef(leaf))
				ok = false
			default:
				p.Items, p.ItemsFields, p.Item = s, fields, leaf.Elem
			}
		} else {
			ok = false
		}
	} else if ep.Response.Kind == KindArray {
		p.Item = ep.Response.Elem
	} else {
		l.errorf(keyN, "%sthe response is %s, so items must name the dotted path of the list of items in it", at(ctx), describeRef(ep.Response))
		ok = false
	}
	param := func(key, def, want string, kinds ...Kind) string {
		v := pm.get(key)
		name := def
		if v != nil {
			s, good := l.nonEmpty(v, ctx, key)
			if !good {
				ok = false
				return ""
			}
			name = s
		}
		if name == "" {
			return ""
		}
		at0 := v
		if at0 == nil {
			at0 = pm.keyNode("style")
		}
		var q *Param
		for _, qp := range ep.Query {
			if qp.Name == name {
				q = qp
			}
		}
		switch {
		case q == nil:
			how := fmt.Sprintf("name another with %s:", key)
			l.errorf(at0, "%s%s parameter %q is not a query parameter of the endpoint; declare it under query, or %s", at(ctx), key, name, how)
			ok = false
			return ""
		case q.Type != nil && !containsKind(kinds, q.Type.Kind):
			l.errorf(at0, "%s%s parameter %q is %s, want %s", at(ctx), key, name, describeRef(q.Type), want)
			ok = false
			return ""
		}
		return name
	}
	// The pager reads and writes these parameters as query text, so any
	// integer format does.
	integers := []Kind{KindInteger, KindInt32, KindInt64}
	switch p.Style {
	case PageOffset:
		p.Param = param("offset", "offset", "an integer", integers...)
		if pm.has("limit") {
			p.SizeParam = param("limit", "", "an integer", integers...)
		}
	case PageNumber:
		p.Param = param("page", "page", "an integer", integers...)
		if pm.has("size") {
			p.SizeParam = param("size", "", "an integer", integers...)
		}
		p.FirstPage = 1
		if v := pm.get("first_page"); v != nil {
			if n, good := l.smallInt(v, ctx, "first_page"); good {
				p.FirstPage = n
			} else {
				ok = false
			}
		}
	case PageCursor:
		p.Param = param("cursor_param", "cursor", "a string", KindString)
		if v := pm.get("cursor"); v == nil {
			pm.require("cursor")
			ok = false
		} else if s, good := l.nonEmpty(v, ctx, "cursor"); good && l.dottedPath(v, ctx, "cursor", s) {
			p.Cursor, p.CursorFields, ok = l.leafPath(v, ctx, "cursor", s, ep.Response, "a string", KindString, ok)
		} else {
			ok = false
		}
	}
	if v := pm.get("total"); v != nil && contains([]string{PageOffset, PageNumber}, p.Style) {
		if s, good := l.nonEmpty(v, ctx, "total"); good && l.dottedPath(v, ctx, "total", s) {
			p.Total, p.TotalFields, ok = l.leafPath(v, ctx, "total", s, ep.Response, "an integer", KindInteger, ok)
		} else {
			ok = false
		}
	}
	if !ok {
		return nil
	}
	return p
}

// leafPath checks that the dotted path s leads through ref's object fields
// to a value of kind want, and returns it with its fields.
func (l *loader) leafPath(v *yaml.Node, ctx, key, s string, ref *TypeRef, want string, kind Kind, ok bool) (string, []*Field, bool) {
	leaf, fields, problem := fieldPath(ref, s)
	switch {
	case problem != "":
		l.errorf(v, "%s%s path %q: %s", at(ctx), key, s, problem)
		return "", nil, false
	case leaf.Kind != kind:
		l.errorf(v, "%s%s path %q leads to %s, want %s", at(ctx), key, s, describeRef(leaf), want)
		return "", nil, false
	}
	return s, fields, ok
}

// fieldPath walks a dotted path through the fields of object types and
// returns the type at its end and the fields it went through, or what is
// wrong: a pagination path is read by generated code, so it may not pass
// through a list, a map or free-form JSON.
func fieldPath(ref *TypeRef, path string) (*TypeRef, []*Field, string) {
	cur := ref
	var fields []*Field
	for _, seg := range strings.Split(path, ".") {
		if cur.Kind != KindRef || cur.Ref.IsEnum() {
			return nil, nil, fmt.Sprintf("%s has no fields, so no %q (a pagination path goes through object fields only)", describeRef(cur), seg)
		}
		var next *Field
		names := make([]string, len(cur.Ref.Fields))
		for i, f := range cur.Ref.Fields {
			names[i] = f.JSONName
			if f.JSONName == seg {
				next = f
			}
		}
		if next == nil {
			return nil, nil, fmt.Sprintf("%s has no field %q%s", cur.Ref.Name, seg, suggest(seg, names))
		}
		if next.Type == nil {
			return nil, nil, fmt.Sprintf("field %q of %s has no valid type", seg, cur.Ref.Name)
		}
		fields = append(fields, next)
		cur = next.Type
	}
	return cur, fields, ""
}

// containsKind reports whether k is among kinds.
func containsKind(kinds []Kind, k Kind) bool {
	for _, x := range kinds {
		if x == k {
			return true
		}
	}
	return false
}
