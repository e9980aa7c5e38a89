package query

// Behaviour of query parameter styles, run by TestQueryBehaviour in a
// module rendered from this catalog; every test runs both flavours.

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"testing"
	"time"
)

// flavour calls the endpoints through the sync or the async client.
type flavour struct {
	name string
	wrap func(c *Client) API
}

// asyncAPI adapts AsyncClient to API by waiting for each call.
type asyncAPI struct{ a *AsyncClient }

func (x asyncAPI) Search(ctx context.Context, params *SearchParams, opts ...CallOption) error {
	_, err := x.a.Search(ctx, params, opts...).Wait(ctx)
	return err
}
func (x asyncAPI) SearchStrict(ctx context.Context, params *SearchStrictParams, opts ...CallOption) error {
	_, err := x.a.SearchStrict(ctx, params, opts...).Wait(ctx)
	return err
}

func flavours() []flavour {
	return []flavour{
		{"sync", func(c *Client) API { return c }},
		{"async", func(c *Client) API { return asyncAPI{c.Async()} }},
	}
}

// queries runs call on both flavours against a server that records the raw
// query of each request, and returns the queries, one per flavour.
func queries(t *testing.T, call func(api API) error) []string {
	t.Helper()
	var out []string
	for _, fl := range flavours() {
		var raw string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raw = r.URL.RawQuery
			w.WriteHeader(http.StatusNoContent)
		}))
		c, err := NewClient(WithBaseURL(srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		if err := call(fl.wrap(c)); err != nil {
			t.Fatalf("%s: %v", fl.name, err)
		}
		_ = c.Close()
		srv.Close()
		out = append(out, raw)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestBehaviourQueryStyles(t *testing.T) {
	since := time.Date(2024, 2, 29, 9, 30, 0, 0, time.UTC)
	day := CivilDate{Year: 2024, Month: time.February, Day: 29}
	cases := []struct {
		name   string
		params *SearchParams
		raw    string              // the query as sent
		values map[string][]string // what a server reads from it
	}{
		{"nil params", nil, "", map[string][]string{}},
		{"nothing set", &SearchParams{}, "", map[string][]string{}},
		{"empty lists and maps send nothing",
			&SearchParams{Tags: []string{}, IDs: []int{}, Words: []string{}, Kinds: []Kind{}, Labels: map[string]string{}},
			"", map[string][]string{}},
		{"form repeats the name", &SearchParams{Tags: []string{"a", "b,c"}},
			"tags=a&tags=b%2Cc", map[string][]string{"tags": {"a", "b,c"}}},
		{"comma joins into one value", &SearchParams{IDs: []int{1, 20, -3}},
			"ids=1%2C20%2C-3", map[string][]string{"ids": {"1,20,-3"}}},
		{"comma of one element", &SearchParams{IDs: []int{7}},
			"ids=7", map[string][]string{"ids": {"7"}}},
		{"comma formats each element", &SearchParams{Days: []CivilDate{day, day}},
			"days=2024-02-29%2C2024-02-29", map[string][]string{"days": {"2024-02-29,2024-02-29"}}},
		{"space", &SearchParams{Words: []string{"red", "blue&x=1"}},
			"words=red+blue%26x%3D1", map[string][]string{"words": {"red blue&x=1"}}},
		{"pipe of enums", &SearchParams{Kinds: []Kind{KindNote, KindImage}},
			"kinds=note%7Cimage", map[string][]string{"kinds": {"note|image"}}},
		{"deep object: the required field only", &SearchParams{Filter: &Filter{Status: KindImage}},
			"filter%5Bstatus%5D=image", map[string][]string{"filter[status]": {"image"}}},
		{"deep object: set fields, zero values included",
			&SearchParams{Filter: &Filter{Status: KindNote, Min: ptr(0), Since: &since, Name: ptr("a b"), Ratio: ptr(0.5)}},
			"filter%5Bmin%5D=0&filter%5Bname%5D=a+b&filter%5Bratio%5D=0.5&filter%5Bsince%5D=2024-02-29T09%3A30%3A00Z&filter%5Bstatus%5D=note",
			map[string][]string{"filter[status]": {"note"}, "filter[min]": {"0"}, "filter[since]": {"2024-02-29T09:30:00Z"}, "filter[name]": {"a b"}, "filter[ratio]": {"0.5"}}},
		{"deep object of maps", &SearchParams{Labels: map[string]string{"z": "1", "a": "x&y", "m n": ""}, Counts: map[string]int{"b": 2, "a": 1}},
			"counts%5Ba%5D=1&counts%5Bb%5D=2&labels%5Ba%5D=x%26y&labels%5Bm+n%5D=&labels%5Bz%5D=1",
			map[string][]string{"labels[z]": {"1"}, "labels[a]": {"x&y"}, "labels[m n]": {""}, "counts[a]": {"1"}, "counts[b]": {"2"}}},
		{"every style at once",
			&SearchParams{Tags: []string{"t"}, IDs: []int{1, 2}, Words: []string{"w", "v"}, Kinds: []Kind{KindNote}, Filter: &Filter{Status: KindNote}, Labels: map[string]string{"k": "v"}, Q: ptr("q")},
			"filter%5Bstatus%5D=note&ids=1%2C2&kinds=note&labels%5Bk%5D=v&q=q&tags=t&words=w+v",
			map[string][]string{"tags": {"t"}, "ids": {"1,2"}, "words": {"w v"}, "kinds": {"note"}, "filter[status]": {"note"}, "labels[k]": {"v"}, "q": {"q"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, raw := range queries(t, func(api API) error { return api.Search(context.Background(), tc.params) }) {
				if raw != tc.raw {
					t.Errorf("query %q, want %q", raw, tc.raw)
				}
				got, err := url.ParseQuery(raw)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(map[string][]string(got), tc.values) {
					t.Errorf("server reads %v, want %v", got, tc.values)
				}
			}
		})
	}
}

// A required deep object is a value, sent whole; a required list is sent
// as it is, and sends nothing when empty.
func TestBehaviourRequiredQueryStyles(t *testing.T) {
	for _, raw := range queries(t, func(api API) error {
		return api.SearchStrict(context.Background(), &SearchStrictParams{Filter: Filter{Status: KindNote}, IDs: []int64{7, 8}})
	}) {
		if want := "filter%5Bstatus%5D=note&ids=7%7C8"; raw != want {
			t.Errorf("query %q, want %q", raw, want)
		}
	}
	for _, raw := range queries(t, func(api API) error {
		return api.SearchStrict(context.Background(), &SearchStrictParams{})
	}) {
		if want := "filter%5Bstatus%5D="; raw != want {
			t.Errorf("query %q, want %q", raw, want)
		}
	}
}
