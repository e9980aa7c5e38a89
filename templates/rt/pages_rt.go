package rt

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// pageStyle is how the request of the next page is made (the catalog's
// pagination.style).
type pageStyle uint8

const (
	pageOffset pageStyle = iota + 1 // offset += items received
	pageNumber                      // page number += 1
	pageCursor                      // the response's cursor goes back in a query parameter
	pageLink                        // the Link header's rel="next" URL
)

// pager is how one paginated endpoint goes from page to page, for one
// call: the generated pagerOf<Endpoint> function builds it from the
// caller's arguments. R is the endpoint's result (the page), I an item.
type pager[R, I any] struct {
	style pageStyle
	// param is the query parameter set for each next page: the offset,
	// the page number or the cursor; unused by pageLink.
	param string
	// firstPage is the number of the first page (pageNumber) when the
	// caller asks for none.
	firstPage int
	// build returns the request of the first page, from the caller's
	// arguments (the endpoint's generated request builder).
	build func() *request
	// fetch executes one page request and decodes its result.
	fetch func(ctx context.Context, c *core, req *request, opts []CallOption) (R, *response, error)
	// items returns the items of a page.
	items func(R) []I
	// cursor returns the next cursor of a page (pageCursor); "" ends.
	cursor func(R) string
	// total returns the total number of items, when the page has it; nil
	// when the catalog declares none.
	total func(R) (int, bool)
}

// pageState is where an iteration is: what the next request asks for.
type pageState struct {
	limit int // WithPageLimit; 0: none
	pages int // pages fetched
	// next is the offset (pageOffset) or the page number (pageNumber) of
	// the next page.
	next int
	// before counts the items before the first page fetched (pageNumber
	// with a total: a caller may start at a later page).
	before int
	seen   int    // items on the pages fetched
	cursor string // pageCursor: the cursor of the next page
	// pageLink: the path (relative to the base URL) and query of the next
	// page.
	linkPath  string
	linkQuery url.Values
	// visited holds the cursors, or the paths and queries of the links,
	// followed so far: a server that sends one again would make the
	// iteration loop forever.
	visited map[string]struct{}
}

// visit records key as followed and reports whether it was new.
func (st *pageState) visit(key string) bool {
	if _, ok := st.visited[key]; ok {
		return false
	}
	if st.visited == nil {
		st.visited = map[string]struct{}{}
	}
	st.visited[key] = struct{}{}
	return true
}

// fetchPage executes a page request of an endpoint whose result is an
// object: the page is a new *T.
func fetchPage[T any](ctx context.Context, c *core, req *request, opts []CallOption) (*T, *response, error) {
	v := new(T)
	r, err := fetchPageInto(ctx, c, req, opts, v)
	if err != nil {
		return nil, nil, err
	}
	return v, r, nil
}

// fetchPageValue is fetchPage for a result that is not a named type (a
// list of items).
func fetchPageValue[T any](ctx context.Context, c *core, req *request, opts []CallOption) (T, *response, error) {
	var v T
	r, err := fetchPageInto(ctx, c, req, opts, &v)
	if err != nil {
		var zero T
		return zero, nil, err
	}
	return v, r, nil
}

// fetchPageInto is callInto that also returns the response: the link
// style reads its headers and URL. An empty page body is an error, as for
// the endpoint (the catalog refuses response_optional with pagination).
func fetchPageInto(ctx context.Context, c *core, req *request, opts []CallOption, v any) (*response, error) {
	r, err := execute(ctx, c, req, opts)
	if err != nil {
		return nil, err
	}
	if isEmptyBody(r) {
		return nil, emptyBodyError(req, r)
	}
	if err := decodeJSON(c, req, r, v); err != nil {
		return nil, err
	}
	return r, nil
}

// step requests the page st points to and moves st on to the next one.
// more is false after the last page. A page that arrived but says where
// the next one is in a way that cannot be followed gives the page and
// nextErr, the error of the page after it.
func (p *pager[R, I]) step(ctx context.Context, c *core, st *pageState, opts []CallOption) (page R, more bool, nextErr, err error) {
	req := p.build()
	first := st.pages == 0
	if first {
		switch p.style {
		case pageOffset, pageNumber:
			// The caller's offset or page is where the iteration starts.
			st.next = 0
			if p.style == pageNumber {
				st.next = p.firstPage
			}
			if s := req.query.Get(p.param); s != "" {
				if n, err := strconv.Atoi(s); err == nil {
					st.next = n
				}
			}
		}
		switch p.style {
		case pageCursor:
			st.visit(req.query.Get(p.param))
		case pageLink:
			st.visit(req.path + "?" + req.query.Encode())
		}
	} else {
		switch p.style {
		case pageOffset, pageNumber:
			req.query = setQuery(req.query, p.param, strconv.Itoa(st.next))
		case pageCursor:
			req.query = setQuery(req.query, p.param, st.cursor)
		case pageLink:
			req.path, req.query = st.linkPath, st.linkQuery
		}
	}
	page, resp, err := p.fetch(ctx, c, req, opts)
	if err != nil {
		return page, false, nil, err
	}
	st.pages++
	n := len(p.items(page))
	st.seen += n
	switch p.style {
	case pageOffset:
		st.next += n
		more = n > 0 && !p.totalReached(page, st.next)
	case pageNumber:
		if first {
			st.before = (st.next - p.firstPage) * n
		}
		st.next++
		more = n > 0 && !p.totalReached(page, st.before+st.seen)
	case pageCursor:
		next := p.cursor(page)
		switch {
		case next == "":
		case !st.visit(next):
			nextErr = &ClientError{Message: fmt.Sprintf("%s: the server answered cursor %q, which was followed already; stopped, as following it again would loop", req.endpoint, next)}
		default:
			st.cursor, more = next, true
		}
	case pageLink:
		more, nextErr = st.followLink(c, req, resp)
	}
	if more && st.limit > 0 && st.pages >= st.limit {
		more = false
	}
	return page, more && nextErr == nil, nextErr, nil
}

// totalReached reports whether count items reach the page's total.
func (p *pager[R, I]) totalReached(page R, count int) bool {
	if p.total == nil {
		return false
	}
	total, ok := p.total(page)
	return ok && count >= total
}

// setQuery sets key to value in q, which may be nil, and returns it.
func setQuery(q url.Values, key, value string) url.Values {
	if q == nil {
		q = url.Values{}
	}
	q.Set(key, value)
	return q
}

// followLink points st at the URL of resp's Link rel="next", resolved
// against the page's URL. It reports false when there is none, and an
// error when the link leaves the client's base URL (the client's headers
// and credentials go to no other server) or was followed already.
func (st *pageState) followLink(c *core, req *request, resp *response) (bool, error) {
	target, ok := nextLink(resp.header)
	if !ok {
		return false, nil
	}
	// The server may have put the request's credential in the link.
	secrets := secretValues(c.secretHeaders, c.secretQuery, resp.sent)
	ref, err := url.Parse(target)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = redactText(redactURLText(ue.URL), secrets)
		}
		return false, &ClientError{Message: redactText(fmt.Sprintf("%s: the Link header's next URL %q is not a URL: %v", req.endpoint, redactURLText(target), err), secrets), Err: err}
	}
	u := resp.u.ResolveReference(ref)
	base, err := url.Parse(c.baseURL)
	if err != nil {
		return false, &ClientError{Message: fmt.Sprintf("%s: the base URL does not parse: %v", req.endpoint, err), Err: err}
	}
	basePath := strings.TrimSuffix(base.EscapedPath(), "/")
	path := u.EscapedPath()
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) ||
		!strings.HasPrefix(path, basePath+"/") && path != basePath {
		return false, &ClientError{Message: redactText(fmt.Sprintf("%s: the Link header's next URL %s is outside the base URL %s; not followed", req.endpoint, redactURL(u), redactURL(base)), secrets)}
	}
	st.linkPath = path[len(basePath):]
	st.linkQuery = u.Query()
	if !st.visit(st.linkPath + "?" + st.linkQuery.Encode()) {
		return false, &ClientError{Message: redactText(fmt.Sprintf("%s: the Link header's next URL %s was followed already; stopped, as following it again would loop", req.endpoint, redactURL(u)), secrets)}
	}
	return true, nil
}

// redactURLText is redactURL for a URL that may not parse: it is shown
// only up to its query.
func redactURLText(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i] + "?…"
	}
	return s
}

// nextLink returns the target of the first link with the relation type
// "next" in the Link header fields h (RFC 8288 section 3: link-value =
// "<" URI-Reference ">" *( ";" link-param ), several per field separated
// by commas; rel holds space-separated relation types, compared without
// regard to case).
func nextLink(h http.Header) (string, bool) {
	for _, field := range h.Values("Link") {
		s := field
		for {
			open := strings.IndexByte(s, '<')
			if open < 0 {
				break
			}
			end := strings.IndexByte(s[open:], '>')
			if end < 0 {
				break
			}
			target := s[open+1 : open+end]
			s = s[open+end+1:]
			var params string
			params, s = linkParams(s)
			if linkRelIsNext(params) {
				return strings.TrimSpace(target), true
			}
		}
	}
	return "", false
}

// linkParams splits s, which follows a link's ">", into its parameters
// (up to the comma that ends the link-value) and the rest.
func linkParams(s string) (params, rest string) { return cutUnquoted(s, ',') }

// linkRelIsNext reports whether the link parameters ("; rel=next;
// title=...") have a rel with the relation type next.
func linkRelIsNext(params string) bool {
	for len(params) > 0 {
		var param string
		param, params = cutParam(params)
		name, value, ok := strings.Cut(param, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = value[1 : len(value)-1]
		}
		for _, rel := range strings.Fields(value) {
			if strings.EqualFold(rel, "next") {
				return true
			}
		}
		return false // RFC 8288: only the first rel counts
	}
	return false
}

// cutParam returns the first ";"-separated parameter of s and the rest.
func cutParam(s string) (param, rest string) { return cutUnquoted(s, ';') }

// cutUnquoted cuts s at the first sep outside quoted strings (RFC 9110
// quoted-string, with backslash escapes).
func cutUnquoted(s string, sep byte) (before, after string) {
	quoted := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quoted && c == '\\':
			i++
		case c == '"':
			quoted = !quoted
		case !quoted && c == sep:
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// pageLimit is how WithPageLimit travels in a CallOption list: as an
// invalid-option entry, which makes any call that is not a page iterator
// fail with its message; the page iterators take it out (pageOptions).
type pageLimit int

func (l pageLimit) Error() string {
	return fmt.Sprintf("WithPageLimit(%d) applies only to the page iterators (the All and Pages methods of a paginated endpoint)", int(l))
}

// WithPageLimit makes a page iterator (an endpoint's All or Pages method)
// stop after n pages; n must be at least 1. Any other call given it fails.
func WithPageLimit(n int) CallOption {
	return func(o *callOptions) { o.errs = append(o.errs, pageLimit(n)) }
}

// pageOptions takes the page limit out of opts: it returns the limit
// (0: none) and the options for each page request, which drop it.
func pageOptions(endpoint func() string, opts []CallOption) (int, []CallOption, error) {
	if len(opts) == 0 {
		return 0, nil, nil
	}
	co := applyCallOptions(opts)
	limit, found := 0, false
	for _, e := range co.errs {
		if l, ok := e.(pageLimit); ok {
			limit, found = int(l), true
		}
	}
	if !found {
		return 0, opts, nil
	}
	if limit < 1 {
		return 0, nil, &ClientError{Message: fmt.Sprintf("%s: invalid call option: WithPageLimit(%d): the page limit must be at least 1", endpoint(), limit)}
	}
	return limit, append(slices.Clip(opts), dropPageLimit), nil
}

// dropPageLimit removes WithPageLimit from the options of a page request.
func dropPageLimit(o *callOptions) {
	o.errs = slices.DeleteFunc(o.errs, func(e error) bool {
		_, ok := e.(pageLimit)
		return ok
	})
	if len(o.errs) == 0 {
		o.errs = nil
	}
}

// endpointOf names the endpoint of p, for errors raised before a request.
func (p *pager[R, I]) endpointOf() string { return p.build().endpoint }

// syncPages iterates over the pages of p, fetching each when the loop
// asks for it. A failed page yields its error once and ends the loop.
func syncPages[R, I any](ctx context.Context, c *core, p *pager[R, I], opts []CallOption) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var zero R
		limit, opts, err := pageOptions(p.endpointOf, opts)
		if err != nil {
			yield(zero, err)
			return
		}
		st := &pageState{limit: limit}
		for {
			page, more, nextErr, err := p.step(ctx, c, st, opts)
			if err != nil {
				yield(zero, err)
				return
			}
			if !yield(page, nil) {
				return
			}
			if nextErr != nil {
				yield(zero, nextErr)
				return
			}
			if !more {
				return
			}
		}
	}
}

// fetched is one page fetched ahead by asyncPages.
type fetched[R any] struct {
	page    R
	more    bool
	nextErr error
	err     error
}

// asyncPages is syncPages that fetches the next page while the loop body
// works on the current one: at most one page ahead. Leaving the loop
// cancels the page being fetched and waits for its goroutine.
func asyncPages[R, I any](ctx context.Context, c *core, p *pager[R, I], opts []CallOption) iter.Seq2[R, error] {
	return func(yield func(R, error) bool) {
		var zero R
		limit, opts, err := pageOptions(p.endpointOf, opts)
		if err != nil {
			yield(zero, err)
			return
		}
		caller := ctx
		ctx, cancel := context.WithCancel(ctx)
		var wg sync.WaitGroup
		defer func() {
			cancel()
			wg.Wait()
		}()
		st := &pageState{limit: limit}
		// One slot: the goroutine never blocks on a result nobody reads,
		// and at most one fetch runs at a time, each started after the
		// previous result was taken, so st has one writer at a time.
		results := make(chan fetched[R], 1)
		fetchNext := func() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var f fetched[R]
				f.page, f.more, f.nextErr, f.err = p.step(ctx, c, st, opts)
				results <- f
			}()
		}
		fetchNext()
		for {
			f := <-results
			if f.err == nil && caller.Err() != nil {
				// The caller's context ended while the page was fetched
				// ahead: the loop ends as the sync flavour's would, with
				// the error of a request under that context (which
				// sends nothing).
				_, _, _, f.err = p.step(caller, c, st, opts)
			}
			if f.err != nil {
				yield(zero, f.err)
				return
			}
			if f.more {
				fetchNext()
			}
			if !yield(f.page, nil) {
				return
			}
			if f.nextErr != nil {
				yield(zero, f.nextErr)
				return
			}
			if !f.more {
				return
			}
		}
	}
}

// pageItems iterates over the items of pages; a page's error is yielded
// once, with the zero item, and ends the loop.
func pageItems[R, I any](pages iter.Seq2[R, error], items func(R) []I) iter.Seq2[I, error] {
	return func(yield func(I, error) bool) {
		for page, err := range pages {
			if err != nil {
				var zero I
				yield(zero, err)
				return
			}
			for _, it := range items(page) {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// syncItems iterates over the items of every page of p.
func syncItems[R, I any](ctx context.Context, c *core, p *pager[R, I], opts []CallOption) iter.Seq2[I, error] {
	return pageItems(syncPages(ctx, c, p, opts), p.items)
}

// asyncItems is syncItems with the next page fetched ahead (asyncPages).
func asyncItems[R, I any](ctx context.Context, c *core, p *pager[R, I], opts []CallOption) iter.Seq2[I, error] {
	return pageItems(asyncPages(ctx, c, p, opts), p.items)
}
