package templates

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// TestPagesGenerated renders testdata/pages (one paginated endpoint per
// style) into a module of its own, with pagesHarness as its test, and runs
// it: the generated pagers read the items, cursors and totals at their
// paths, both clients iterate, and goleak guards every test of the module.
func TestPagesGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	m, err := spec.Load("testdata/pages/endpoints.yaml")
	require.NoError(t, err)
	out := runLeakCheckedModule(t, m, pagesHarness)
	assert.Contains(t, out, "--- PASS: TestGeneratedPages")
	assert.NotContains(t, out, "--- FAIL")
	t.Log(out)
}

// runLeakCheckedModule renders m into a module of its own with test as its
// test file, which may import goleak (it comes from the module cache, as
// for this module), vets it, runs its tests under the race detector and
// returns their verbose output.
func runLeakCheckedModule(t *testing.T, m *spec.Model, test string) string {
	t.Helper()
	dir := writeModule(t, m, test)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/gen\n\ngo 1.24\n\nrequire go.uber.org/goleak v1.3.0\n"), 0o644))
	goIn(t, dir, "mod", "tidy")
	goIn(t, dir, "vet", ".")
	return goIn(t, dir, "test", "-race", "-count=1", "-v", ".")
}

// pagesHarness is the test of the generated pages package: an in-memory
// server of 10 items in every style, and one table run on both clients.
const pagesHarness = `package pages

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const total = 10

// memory serves the endpoints from memory; fail, when set, answers
// request n (from 1) with that status.
type memory struct {
	mu     sync.Mutex
	reqs   []string
	fail   map[int]int
	bodies []string
}

func (s *memory) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Method+" "+r.URL.RequestURI())
	n := len(s.reqs)
	status := s.fail[n]
	if r.Body != nil {
		b, _ := io.ReadAll(r.Body)
		s.bodies = append(s.bodies, string(b))
	}
	s.mu.Unlock()
	w := httptest.NewRecorder()
	if status != 0 {
		w.WriteHeader(status)
		fmt.Fprintf(w, ` + "`" + `{"detail": "request %d failed"}` + "`" + `, n)
		return w.Result(), nil
	}
	q := r.URL.Query()
	num := func(k string, def int) int {
		if v := q.Get(k); v != "" {
			n, _ := strconv.Atoi(v)
			return n
		}
		return def
	}
	items := func(from, size int) []Item {
		out := []Item{}
		for k := from; k < min(from+size, total); k++ {
			out = append(out, Item{ID: fmt.Sprintf("i%d", k), N: k})
		}
		return out
	}
	var body any
	switch r.URL.Path {
	case "/api/shelves/s1/offset":
		body = ItemPage{Items: items(num("start", 0), num("limit", 3)), Meta: &Meta{Total: Ptr(total)}}
	case "/api/page":
		body = items(num("page", 0)*num("per_page", 3), num("per_page", 3))
	case "/api/cursor":
		from := num("cursor", 0)
		p := ItemPage{Items: items(from, 3)}
		if from+3 < total {
			p.Meta = &Meta{Next: Ptr(strconv.Itoa(from + 3))}
		}
		body = p
	case "/api/link":
		from := num("after", 0)
		if from+3 < total {
			w.Header().Set("Link", fmt.Sprintf("</api/link?after=%d>; rel=\"next\"", from+3))
		}
		body = items(from, 3)
	case "/api/search":
		body = ItemPage{Items: items(num("offset", 0), 4)}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
	return w.Result(), nil
}

func (s *memory) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.reqs)
}

// endpoints maps a style to a call of its All method on either client.
var endpoints = map[string]func(ctx context.Context, c *Client, a *AsyncClient, opts []CallOption) iter.Seq2[Item, error]{
	"offset": func(ctx context.Context, c *Client, a *AsyncClient, opts []CallOption) iter.Seq2[Item, error] {
		if a != nil {
			return a.ListByOffsetAll(ctx, "s1", &ListByOffsetParams{Limit: Ptr(3)}, opts...)
		}
		return c.ListByOffsetAll(ctx, "s1", &ListByOffsetParams{Limit: Ptr(3)}, opts...)
	},
	"page": func(ctx context.Context, c *Client, a *AsyncClient, opts []CallOption) iter.Seq2[Item, error] {
		if a != nil {
			return a.ListByPageAll(ctx, nil, opts...)
		}
		return c.ListByPageAll(ctx, nil, opts...)
	},
	"cursor": func(ctx context.Context, c *Client, a *AsyncClient, opts []CallOption) iter.Seq2[Item, error] {
		if a != nil {
			return a.ListByCursorAll(ctx, nil, opts...)
		}
		return c.ListByCursorAll(ctx, nil, opts...)
	},
	"link": func(ctx context.Context, c *Client, a *AsyncClient, opts []CallOption) iter.Seq2[Item, error] {
		if a != nil {
			return a.ListByLinkAll(ctx, opts...)
		}
		return c.ListByLinkAll(ctx, opts...)
	},
	"post": func(ctx context.Context, c *Client, a *AsyncClient, opts []CallOption) iter.Seq2[Item, error] {
		if a != nil {
			return a.SearchAll(ctx, []string{"x"}, nil, opts...)
		}
		return c.SearchAll(ctx, []string{"x"}, nil, opts...)
	},
}

func ids(from, to int) []string {
	var out []string
	for k := from; k < to; k++ {
		out = append(out, fmt.Sprintf("i%d", k))
	}
	return out
}

func TestGeneratedPages(t *testing.T) {
	tests := []struct {
		name, style string
		fail        map[int]int
		opts        []CallOption
		stopAfter   int
		cancelAfter int
		want        []string
		wantErr     string
		wantReqs    []string
	}{
		{name: "offset until the total", style: "offset", want: ids(0, 10), wantReqs: []string{
			"GET /api/shelves/s1/offset?limit=3", "GET /api/shelves/s1/offset?limit=3&start=3",
			"GET /api/shelves/s1/offset?limit=3&start=6", "GET /api/shelves/s1/offset?limit=3&start=9"}},
		{name: "page from 0 until an empty page", style: "page", want: ids(0, 10), wantReqs: []string{
			"GET /api/page", "GET /api/page?page=1", "GET /api/page?page=2", "GET /api/page?page=3", "GET /api/page?page=4"}},
		{name: "cursor until none", style: "cursor", want: ids(0, 10), wantReqs: []string{
			"GET /api/cursor", "GET /api/cursor?cursor=3", "GET /api/cursor?cursor=6", "GET /api/cursor?cursor=9"}},
		{name: "link until none", style: "link", want: ids(0, 10), wantReqs: []string{
			"GET /api/link", "GET /api/link?after=3", "GET /api/link?after=6", "GET /api/link?after=9"}},
		{name: "post with its body on every page", style: "post", want: ids(0, 10), wantReqs: []string{
			"POST /api/search", "POST /api/search?offset=4", "POST /api/search?offset=8", "POST /api/search?offset=10"}},
		{name: "error mid-iteration", style: "cursor", fail: map[int]int{2: 404}, want: ids(0, 3), wantErr: "request 2 failed",
			wantReqs: []string{"GET /api/cursor", "GET /api/cursor?cursor=3"}},
		{name: "retry of a page", style: "link", fail: map[int]int{3: 503}, want: ids(0, 10), wantReqs: []string{
			"GET /api/link", "GET /api/link?after=3", "GET /api/link?after=6", "GET /api/link?after=6", "GET /api/link?after=9"}},
		{name: "page limit", style: "offset", opts: []CallOption{WithPageLimit(2)}, want: ids(0, 6), wantReqs: []string{
			"GET /api/shelves/s1/offset?limit=3", "GET /api/shelves/s1/offset?limit=3&start=3"}},
		{name: "break early", style: "page", stopAfter: 4, want: ids(0, 4)},
		{name: "context ended", style: "link", cancelAfter: 2, want: ids(0, 3), wantErr: "context canceled"},
	}
	for _, flavour := range []string{"sync", "async"} {
		for _, tt := range tests {
			t.Run(flavour+"/"+tt.name, func(t *testing.T) {
				defer goleak.VerifyNone(t)
				mem := &memory{fail: tt.fail}
				c, err := NewClient(WithBaseURL("https://pages.example.com/api"), WithHTTPClient(&http.Client{Transport: mem}),
					withLookupEnv(func(string) (string, bool) { return "", false }),
					withSleeper(func(ctx context.Context, d time.Duration) error { return ctx.Err() }))
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close()
				var a *AsyncClient
				if flavour == "async" {
					a = c.Async()
				}
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				var got []string
				var errs []string
				for it, err := range endpoints[tt.style](ctx, c, a, tt.opts) {
					if err != nil {
						errs = append(errs, err.Error())
						continue
					}
					got = append(got, it.ID)
					if len(got) == tt.stopAfter {
						break
					}
					if len(got) == tt.cancelAfter {
						cancel()
					}
				}
				if !slices.Equal(got, tt.want) {
					t.Errorf("items %v, want %v", got, tt.want)
				}
				switch {
				case tt.wantErr == "" && len(errs) > 0:
					t.Errorf("errors %q, want none", errs)
				case tt.wantErr != "" && (len(errs) != 1 || !strings.Contains(errs[0], tt.wantErr)):
					t.Errorf("errors %q, want one with %q", errs, tt.wantErr)
				}
				if tt.wantReqs != nil && !slices.Equal(mem.requests(), tt.wantReqs) {
					t.Errorf("requests\n%q\nwant\n%q", mem.requests(), tt.wantReqs)
				}
				for _, b := range mem.bodies {
					if tt.style == "post" && strings.TrimSpace(b) != ` + "`" + `["x"]` + "`" + ` {
						t.Errorf("page request body %q, want [\"x\"]", b)
					}
				}
			})
		}
	}
}

// The page iterators are in both interfaces, for fakes.
var (
	_ interface {
		ListByLinkPages(context.Context, ...CallOption) iter.Seq2[[]Item, error]
	} = API(nil)
	_ interface {
		ListByLinkPages(context.Context, ...CallOption) iter.Seq2[[]Item, error]
	} = AsyncAPI(nil)
)
`
