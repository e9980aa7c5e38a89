package templates

import (
	"github.com/dave/jennifer/jen"

	"github.com/clientgen/clientgen/spec"
)

// emitPages renders pages_gen.go: for every paginated endpoint its pager
// (how the runtime goes from page to page, built from the caller's
// arguments) and, on both clients, its iterator over items (<GoName>All)
// and over pages (<GoName>Pages). Every page is requested through the
// endpoint's request builder and the runtime's request path.
func emitPages(f *jen.File, m *spec.Model) bool {
	paged := false
	for _, ep := range m.Endpoints {
		if ep.Pagination == nil {
			continue
		}
		paged = true
		emitPager(f, ep)
		for _, async := range []bool{false, true} {
			recv, run := "Client", "sync"
			core := jen.Id("c").Dot("core")
			if async {
				recv, run = "AsyncClient", "async"
				core = jen.Id("c").Dot("sync").Dot("core")
			}
			all, pages := spec.PageMethodNames(ep.GoName)
			body := func(fn string) jen.Code {
				return jen.Return(jen.Id(fn).Call(jen.Id("ctx"), core.Clone(), jen.Id(pagerName(ep)).Call(argNames(ep)...), jen.Id("opts")))
			}
			decl(f, pageDoc(ep, all, async).Func().Params(jen.Id("c").Op("*").Id(recv)).Add(allSignature(ep)).Block(body(run+"Items")))
			decl(f, pageDoc(ep, pages, async).Func().Params(jen.Id("c").Op("*").Id(recv)).Add(pagesSignature(ep)).Block(body(run+"Pages")))
		}
	}
	return paged
}

// pageMethods are the interface entries of the page iterators of m's
// paginated endpoints, for API and AsyncAPI.
func pageMethods(m *spec.Model, async bool) []jen.Code {
	var out []jen.Code
	for _, ep := range m.Endpoints {
		if ep.Pagination == nil {
			continue
		}
		all, pages := spec.PageMethodNames(ep.GoName)
		out = append(out, pageDoc(ep, all, async).Add(allSignature(ep)), pageDoc(ep, pages, async).Add(pagesSignature(ep)))
	}
	return out
}

// pageDoc is the comment of a page iterator.
func pageDoc(ep *spec.Endpoint, name string, async bool) *jen.Statement {
	all, _ := spec.PageMethodNames(ep.GoName)
	what := "the items of every page"
	if name != all {
		what = "the pages"
	}
	text := name + " iterates over " + what + " of " + ep.GoName + " (" + ep.Method + " " + ep.Path + "), " +
		ep.Pagination.Style + " style, starting where the arguments say; each page is one call of " + ep.GoName +
		". A failed page yields its error once and ends the loop. WithPageLimit bounds the number of pages."
	if async {
		text += " The next page is fetched while the loop body works on the current one, one page ahead at most; leaving the loop stops every fetch."
	}
	return doc(text)
}

// pageResult is the type of a page: the endpoint's result.
func pageResult(ep *spec.Endpoint) *jen.Statement { return resultType(ep) }

// itemType is the type of one item.
func itemType(ep *spec.Endpoint) *jen.Statement { return elemType(ep.Pagination.Item) }

func pageParams(ep *spec.Endpoint) []jen.Code {
	params := append([]jen.Code{jen.Id("ctx").Qual("context", "Context")}, args(ep)...)
	return append(params, jen.Id("opts").Op("...").Id("CallOption"))
}

func allSignature(ep *spec.Endpoint) *jen.Statement {
	all, _ := spec.PageMethodNames(ep.GoName)
	return jen.Id(all).Params(pageParams(ep)...).Qual("iter", "Seq2").Types(itemType(ep), jen.Error())
}

func pagesSignature(ep *spec.Endpoint) *jen.Statement {
	_, pages := spec.PageMethodNames(ep.GoName)
	return jen.Id(pages).Params(pageParams(ep)...).Qual("iter", "Seq2").Types(pageResult(ep), jen.Error())
}

// pagerName is the function that builds an endpoint's pager.
func pagerName(ep *spec.Endpoint) string { return "pagerOf" + ep.GoName }

// emitPager renders
//
//	func pagerOfX(args...) *pager[R, I] {
//		return &pager[R, I]{style: ..., build: func() *request { return newXRequest(args...) }, ...}
//	}
func emitPager(f *jen.File, ep *spec.Endpoint) {
	p := ep.Pagination
	typ := jen.Id("pager").Types(pageResult(ep), itemType(ep))
	style := map[string]string{spec.PageOffset: "pageOffset", spec.PageNumber: "pageNumber", spec.PageCursor: "pageCursor", spec.PageLink: "pageLink"}[p.Style]
	vals := []jen.Code{field("style", jen.Id(style))}
	if p.Param != "" {
		vals = append(vals, field("param", jen.Lit(p.Param)))
	}
	if p.Style == spec.PageNumber {
		vals = append(vals, field("firstPage", jen.Lit(p.FirstPage)))
	}
	vals = append(vals, field("build", jen.Func().Params().Op("*").Id("request").Block(
		jen.Return(jen.Id(requestBuilderName(ep)).Call(argNames(ep)...)))))
	if isObject(ep.Response) {
		vals = append(vals, field("fetch", jen.Id("fetchPage").Types(jen.Id(ep.Response.Ref.GoName))))
	} else {
		vals = append(vals, field("fetch", jen.Id("fetchPageValue").Types(valueType(ep.Response))))
	}
	r := func() *jen.Statement { return jen.Id("r").Add(pageResult(ep)) }
	// items: the list at the items path, nil when an optional object on
	// the way is absent.
	guards, expr := walkFields(p.ItemsFields)
	vals = append(vals, field("items", jen.Func().Params(r()).Index().Add(itemType(ep)).Block(
		append(guards(jen.Return(jen.Nil())), jen.Return(expr))...)))
	if p.Cursor != "" {
		guards, expr := walkFields(p.CursorFields)
		vals = append(vals, field("cursor", jen.Func().Params(r()).String().Block(
			append(guards(jen.Return(jen.Lit(""))), jen.Return(expr))...)))
	}
	if p.Total != "" {
		guards, expr := walkFields(p.TotalFields)
		vals = append(vals, field("total", jen.Func().Params(r()).Params(jen.Int(), jen.Bool()).Block(
			append(guards(jen.Return(jen.Lit(0), jen.False())), jen.Return(expr, jen.True()))...)))
	}
	decl(f, doc(pagerName(ep)+" describes how "+ep.GoName+" goes from page to page, for one call with these arguments.").
		Func().Id(pagerName(ep)).Params(args(ep)...).Op("*").Add(typ.Clone()).Block(
		jen.Return(jen.Op("&").Add(typ).ValuesFunc(func(g *jen.Group) {
			for _, v := range vals {
				g.Line().Add(v)
			}
			g.Line()
		}))))
}

// walkFields renders the access to the value at the end of fields from
// r: guards returns the nil checks of the optional objects (and an
// optional leaf) on the way, each returning with ret, and expr is the
// value, dereferenced when it is an optional pointer. An empty path is r.
func walkFields(fields []*spec.Field) (guards func(ret jen.Code) []jen.Code, expr *jen.Statement) {
	cur := jen.Id("r")
	var checks []*jen.Statement
	for _, fl := range fields {
		cur = cur.Clone().Dot(fl.GoName)
		if !fl.Required && pointerWhenOptional(fl.Type) {
			checks = append(checks, cur.Clone())
		}
	}
	if n := len(fields); n > 0 {
		last := fields[n-1]
		if !last.Required && pointerWhenOptional(last.Type) {
			cur = jen.Op("*").Add(cur)
		}
	}
	return func(ret jen.Code) []jen.Code {
		out := make([]jen.Code, len(checks))
		for i, c := range checks {
			out[i] = jen.If(c.Clone().Op("==").Nil()).Block(ret)
		}
		return out
	}, cur
}
