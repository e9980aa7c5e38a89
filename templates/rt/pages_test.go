package rt

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// pagesBase is the base URL of the in-memory page server.
const pagesBase = "http://pages.test/api/v1"

// testPage is a page of the test endpoints that answer an object.
type testPage struct {
	Data  []item  `json:"data"`
	Total *int    `json:"total,omitempty"`
	Next  *string `json:"next,omitempty"`
}

// pageServer serves n items, size per page, in every style, from memory:
//
//	/offset?offset=k&limit=l  {"data": [...], "total": n}
//	/page?page=p               [...], pages numbered from 1
//	/cursor?cursor=k           {"data": [...], "next": "k+size"}
//	/link?after=k              [...], Link: <link?after=k+size>; rel="next"
//
// fault, when set, may answer request i (from 1) itself.
type pageServer struct {
	pageConfig

	mu   sync.Mutex
	reqs []string // path?query of each request
}

// pageConfig is what a pageServer serves.
type pageConfig struct {
	n, size int
	noTotal bool
	// link rewrites the next link of the link style.
	link  func(next string) string
	fault func(i int, w http.ResponseWriter, r *http.Request) bool
}

func (s *pageServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, r.URL.Path[len("/api/v1"):]+"?"+r.URL.RawQuery)
	i := len(s.reqs)
	s.mu.Unlock()
	if s.fault != nil && s.fault(i, w, r) {
		return
	}
	q := r.URL.Query()
	num := func(key string, def int) int {
		if v := q.Get(key); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				panic(err)
			}
			return n
		}
		return def
	}
	size := num("limit", s.size)
	items := func(from int) []item {
		out := []item{}
		for k := from; k < min(from+size, s.n); k++ {
			out = append(out, item{ID: fmt.Sprintf("i%d", k), Count: k})
		}
		return out
	}
	page := testPage{}
	if !s.noTotal {
		page.Total = &s.n
	}
	switch r.URL.Path {
	case "/api/v1/offset":
		page.Data = items(num("offset", 0))
		writeJSONValue(w, page)
	case "/api/v1/page":
		writeJSONValue(w, items((num("page", 1)-1)*size))
	case "/api/v1/cursor":
		from := num("cursor", 0)
		page.Data = items(from)
		if from+size < s.n {
			next := strconv.Itoa(from + size)
			page.Next = &next
		}
		writeJSONValue(w, page)
	case "/api/v1/link":
		from := num("after", 0)
		if from+size < s.n {
			next := "link?after=" + strconv.Itoa(from+size)
			if s.link != nil {
				next = s.link(next)
			}
			w.Header().Add("Link", `<`+pagesBase+`/first>; rel="first"`)
			w.Header().Add("Link", `<`+next+`>; title="a, b; c"; rel="last next"`)
		}
		writeJSONValue(w, items(from))
	default:
		http.NotFound(w, r)
	}
}

// requests returns the path?query of each request so far.
func (s *pageServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.reqs...)
}

func writeJSONValue(w http.ResponseWriter, v any) {
	b, err := jsonMarshal(v)
	if err != nil {
		panic(err)
	}
	writeJSON(w, http.StatusOK, string(b))
}

// memoryTransport serves requests with h in the calling goroutine: no
// connection, no goroutine of its own, so goleak sees only the client's.
type memoryTransport struct{ h http.Handler }

func (m memoryTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	rec := httptest.NewRecorder()
	m.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// pagerFor is the pager of a test endpoint of style, as the generated
// pagerOf<Endpoint> functions build them; q is the caller's query.
func pagerFor(style pageStyle, q url.Values) *pager[*testPage, item] {
	objectItems := func(p *testPage) []item { return p.Data }
	total := func(p *testPage) (int, bool) {
		if p.Total == nil {
			return 0, false
		}
		return *p.Total, true
	}
	build := func(path string) func() *request {
		return func() *request {
			r := getReq(path)
			r.endpoint = "list_" + path[1:]
			if q != nil {
				r.query = url.Values{}
				for k, v := range q {
					r.query[k] = append([]string(nil), v...)
				}
			}
			return r
		}
	}
	switch style {
	case pageOffset:
		return &pager[*testPage, item]{style: style, param: "offset", build: build("/offset"), fetch: fetchPage[testPage], items: objectItems, total: total}
	case pageCursor:
		return &pager[*testPage, item]{style: style, param: "cursor", build: build("/cursor"), fetch: fetchPage[testPage], items: objectItems,
			cursor: func(p *testPage) string {
				if p.Next == nil {
					return ""
				}
				return *p.Next
			}}
	}
	// The list styles answer a list: wrap it to share the table's type.
	path := "/page"
	if style == pageLink {
		path = "/link"
	}
	return &pager[*testPage, item]{style: style, param: "page", firstPage: 1, build: build(path),
		fetch: func(ctx context.Context, c *core, req *request, opts []CallOption) (*testPage, *response, error) {
			list, r, err := fetchPageValue[[]item](ctx, c, req, opts)
			if err != nil {
				return nil, nil, err
			}
			return &testPage{Data: list}, r, nil
		},
		items: objectItems}
}

// pageFlavours are the two iterators of a paginated endpoint.
var pageFlavours = []struct {
	name  string
	items func(ctx context.Context, c *core, p *pager[*testPage, item], opts []CallOption) iter.Seq2[item, error]
	pages func(ctx context.Context, c *core, p *pager[*testPage, item], opts []CallOption) iter.Seq2[*testPage, error]
}{
	{"sync", syncItems[*testPage, item], syncPages[*testPage, item]},
	{"async", asyncItems[*testPage, item], asyncPages[*testPage, item]},
}

// ids lists the ids of items.
func ids(from, to int) []string {
	var out []string
	for k := from; k < to; k++ {
		out = append(out, fmt.Sprintf("i%d", k))
	}
	return out
}

// TestPages runs one table of page iterations on both flavours: every
// style, every stop condition, errors, retries, the page limit, leaving
// the loop early and ending the context. goleak checks each run.
func TestPages(t *testing.T) {
	status := func(at, code int) func(i int, w http.ResponseWriter, r *http.Request) bool {
		return func(i int, w http.ResponseWriter, r *http.Request) bool {
			if i == at {
				writeJSON(w, code, `{"detail": "page `+strconv.Itoa(at)+` failed"}`)
				return true
			}
			return false
		}
	}
	tests := []struct {
		name   string
		style  pageStyle
		query  url.Values
		server pageConfig
		opts   []CallOption
		// stopAfter leaves the loop after that many items; cancelAfter
		// ends the context after that many.
		stopAfter, cancelAfter int
		want                   []string // item ids
		wantErr                string   // the one error yielded, last
		wantReqs               []string
		// maxReqs, when set, replaces wantReqs: the async flavour may
		// have fetched one page more than the loop consumed.
		maxReqs int
	}{
		{name: "offset until an empty page", style: pageOffset, server: pageConfig{n: 6, size: 3, noTotal: true},
			want: ids(0, 6), wantReqs: []string{"/offset?", "/offset?offset=3", "/offset?offset=6"}},
		{name: "offset until the total", style: pageOffset, server: pageConfig{n: 7, size: 3},
			want: ids(0, 7), wantReqs: []string{"/offset?", "/offset?offset=3", "/offset?offset=6"}},
		{name: "offset from the caller's offset and limit", style: pageOffset, query: url.Values{"offset": {"2"}, "limit": {"4"}}, server: pageConfig{n: 7, size: 3},
			want: ids(2, 7), wantReqs: []string{"/offset?limit=4&offset=2", "/offset?limit=4&offset=6"}},
		{name: "page numbers until an empty page", style: pageNumber, server: pageConfig{n: 5, size: 2},
			want: ids(0, 5), wantReqs: []string{"/page?", "/page?page=2", "/page?page=3", "/page?page=4"}},
		{name: "page from the caller's page", style: pageNumber, query: url.Values{"page": {"2"}}, server: pageConfig{n: 5, size: 2},
			want: ids(2, 5), wantReqs: []string{"/page?page=2", "/page?page=3", "/page?page=4"}},
		{name: "cursor until none", style: pageCursor, server: pageConfig{n: 7, size: 3},
			want: ids(0, 7), wantReqs: []string{"/cursor?", "/cursor?cursor=3", "/cursor?cursor=6"}},
		{name: "cursor repeated is an error after its page", style: pageCursor, server: pageConfig{n: 7, size: 3, fault: func(i int, w http.ResponseWriter, r *http.Request) bool {
			if i == 2 {
				writeJSON(w, 200, `{"data": [{"id": "again"}], "next": "3"}`)
				return true
			}
			return false
		}}, want: append(ids(0, 3), "again"), wantErr: `list_cursor: the server answered cursor "3", which was followed already; stopped, as following it again would loop`,
			wantReqs: []string{"/cursor?", "/cursor?cursor=3"}},
		{name: "link until none", style: pageLink, server: pageConfig{n: 7, size: 3},
			want: ids(0, 7), wantReqs: []string{"/link?", "/link?after=3", "/link?after=6"}},
		{name: "link outside the base URL is not followed", style: pageLink, server: pageConfig{n: 7, size: 3, link: func(string) string { return "http://elsewhere.test/api/v1/link?after=3" }},
			want: ids(0, 3), wantErr: "list_link: the Link header's next URL http://elsewhere.test/api/v1/link?after=3 is outside the base URL http://pages.test/api/v1; not followed",
			wantReqs: []string{"/link?"}},
		{name: "link above the base path is not followed", style: pageLink, server: pageConfig{n: 7, size: 3, link: func(string) string { return "/other/link?after=3" }},
			want: ids(0, 3), wantErr: "is outside the base URL", wantReqs: []string{"/link?"}},
		{name: "link to the page itself is an error", style: pageLink, server: pageConfig{n: 7, size: 3, link: func(string) string { return "link?" }},
			want: ids(0, 3), wantErr: "list_link: the Link header's next URL http://pages.test/api/v1/link? was followed already; stopped, as following it again would loop", wantReqs: []string{"/link?"}},
		{name: "link back to an earlier page is an error", style: pageLink, server: pageConfig{n: 12, size: 3, link: func(next string) string {
			if next == "link?after=9" {
				return pagesBase + "/link?after=3"
			}
			return next
		}}, want: ids(0, 9), wantErr: "list_link: the Link header's next URL http://pages.test/api/v1/link?after=3 was followed already", wantReqs: []string{"/link?", "/link?after=3", "/link?after=6"}},
		{name: "error mid-iteration is yielded once", style: pageOffset, server: pageConfig{n: 9, size: 3, fault: status(2, 400)},
			want: ids(0, 3), wantErr: "page 2 failed", wantReqs: []string{"/offset?", "/offset?offset=3"}},
		{name: "a page is retried", style: pageCursor, server: pageConfig{n: 7, size: 3, fault: status(2, 503)},
			want: ids(0, 7), wantReqs: []string{"/cursor?", "/cursor?cursor=3", "/cursor?cursor=3", "/cursor?cursor=6"}},
		{name: "page limit", style: pageNumber, opts: []CallOption{WithPageLimit(2)}, server: pageConfig{n: 9, size: 2},
			want: ids(0, 4), wantReqs: []string{"/page?", "/page?page=2"}},
		{name: "page limit with other options", style: pageLink, opts: []CallOption{WithCallHeader("X-A", "b"), WithPageLimit(1)}, server: pageConfig{n: 9, size: 2},
			want: ids(0, 2), wantReqs: []string{"/link?"}},
		{name: "page limit below 1", style: pageOffset, opts: []CallOption{WithPageLimit(0)}, server: pageConfig{n: 9, size: 2},
			wantErr: "list_offset: invalid call option: WithPageLimit(0): the page limit must be at least 1"},
		{name: "break early", style: pageOffset, stopAfter: 4, server: pageConfig{n: 30, size: 3, noTotal: true},
			want: ids(0, 4), maxReqs: 3},
		{name: "context ended", style: pageCursor, cancelAfter: 4, server: pageConfig{n: 30, size: 3},
			want: ids(0, 6), wantErr: "context canceled", maxReqs: 3},
	}
	for _, fl := range pageFlavours {
		for _, tt := range tests {
			t.Run(fl.name+"/"+tt.name, func(t *testing.T) {
				defer goleak.VerifyNone(t)
				srv := &pageServer{pageConfig: tt.server}
				tc := newTestClient(t, testSettings(), pagesBase, WithHTTPClient(&http.Client{Transport: memoryTransport{srv}}))
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var got []string
				var errs []error
				for it, err := range fl.items(ctx, tc.core, pagerFor(tt.style, tt.query), tt.opts) {
					if err != nil {
						errs = append(errs, err)
						continue // a second error would show here
					}
					got = append(got, it.ID)
					if len(got) == tt.stopAfter {
						break
					}
					if len(got) == tt.cancelAfter {
						cancel()
					}
				}
				assert.Equal(t, tt.want, got)
				if tt.wantErr == "" {
					assert.Empty(t, errs)
				} else if assert.Len(t, errs, 1, "one error, then the loop ends") {
					assert.ErrorContains(t, errs[0], tt.wantErr)
				}
				if tt.maxReqs > 0 {
					assert.LessOrEqual(t, len(srv.requests()), tt.maxReqs, "%v", srv.requests())
				} else {
					assert.Equal(t, tt.wantReqs, srv.requests())
				}
			})
		}
	}
}

// TestPagesIteratePages checks the page iterators: each page once, in
// order, and the iteration starts again when the loop runs again.
func TestPagesIteratePages(t *testing.T) {
	for _, fl := range pageFlavours {
		t.Run(fl.name, func(t *testing.T) {
			defer goleak.VerifyNone(t)
			srv := &pageServer{pageConfig: pageConfig{n: 7, size: 3}}
			tc := newTestClient(t, testSettings(), pagesBase, WithHTTPClient(&http.Client{Transport: memoryTransport{srv}}))
			pages := fl.pages(context.Background(), tc.core, pagerFor(pageOffset, nil), nil)
			for range 2 {
				var sizes []int
				for p, err := range pages {
					require.NoError(t, err)
					sizes = append(sizes, len(p.Data))
				}
				assert.Equal(t, []int{3, 3, 1}, sizes)
			}
			assert.Len(t, srv.requests(), 6)
		})
	}
}

// TestPagesAsyncFetchesOneAhead shows the async flavour fetching the next
// page while the loop body holds the current one, and no further.
func TestPagesAsyncFetchesOneAhead(t *testing.T) {
	defer goleak.VerifyNone(t)
	arrived := make(chan string, 10)
	srv := &pageServer{pageConfig: pageConfig{n: 30, size: 3, fault: func(i int, w http.ResponseWriter, r *http.Request) bool {
		arrived <- r.URL.RawQuery
		return false
	}}}
	tc := newTestClient(t, testSettings(), pagesBase, WithHTTPClient(&http.Client{Transport: memoryTransport{srv}}))
	n := 0
	for p, err := range asyncPages(context.Background(), tc.core, pagerFor(pageOffset, nil), nil) {
		require.NoError(t, err)
		// While the body holds page n, page n+1 is requested...
		assert.Equal(t, p.Data[0].ID, fmt.Sprintf("i%d", 3*n))
		if n == 0 {
			assert.Equal(t, "", <-arrived)
		}
		assert.Equal(t, "offset="+strconv.Itoa(3*(n+1)), <-arrived)
		// ...and nothing more until the body returns.
		select {
		case q := <-arrived:
			t.Fatalf("request %q while page %d is still held", q, n)
		default:
		}
		if n++; n == 3 {
			break
		}
	}
	assert.Len(t, srv.requests(), 4, "3 pages used, 1 fetched ahead")
}

// TestPageLimitElsewhere: WithPageLimit given to a call that is not a
// page iterator fails that call before anything is sent.
func TestPageLimitElsewhere(t *testing.T) {
	srv := &pageServer{pageConfig: pageConfig{n: 3, size: 3}}
	tc := newTestClient(t, testSettings(), pagesBase, WithHTTPClient(&http.Client{Transport: memoryTransport{srv}}))
	_, err := call(context.Background(), tc.core, getReq("/offset"), []CallOption{WithPageLimit(2)}, new(testPage))
	var ce *ClientError
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Contains(t, err.Error(), "WithPageLimit(2) applies only to the page iterators")
	assert.Empty(t, srv.requests())
}

func TestNextLink(t *testing.T) {
	tests := []struct {
		name   string
		fields []string
		want   string
	}{
		{"none", nil, ""},
		{"quoted", []string{`<https://a/x?page=2>; rel="next"`}, "https://a/x?page=2"},
		{"token", []string{`<https://a/2>; rel=next`}, "https://a/2"},
		{"case", []string{`<https://a/2>; REL="Next"`}, "https://a/2"},
		{"second link", []string{`<https://a/1>; rel="prev", <https://a/3>; rel="next"`}, "https://a/3"},
		{"second field", []string{`<https://a/1>; rel="prev"`, `<https://a/3>; rel="next"`}, "https://a/3"},
		{"several types", []string{`<https://a/9>; rel="last next"`}, "https://a/9"},
		{"comma and semicolon in a quoted param", []string{`<https://a/1>; title="x, <https://evil/>; rel=next"; rel="prev", <https://a/2>; rel="next"`}, "https://a/2"},
		{"comma in the URL", []string{`<https://a/x?ids=1,2>; rel="next"`}, "https://a/x?ids=1,2"},
		{"first rel only", []string{`<https://a/1>; rel="prev"; rel="next"`}, ""},
		{"not a prefix", []string{`<https://a/1>; rel="nextpage"`}, ""},
		{"unterminated", []string{`<https://a/1; rel="next"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			for _, f := range tt.fields {
				h.Add("Link", f)
			}
			got, ok := nextLink(h)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.want != "", ok)
		})
	}
}
