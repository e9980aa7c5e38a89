package query

// Behaviour of query parameter styles, run by TestQueryBehaviour in a
// module rendered from this catalog; every test runs both flavours.

import (
	"context"
	"encoding/json"
	"io"
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

func (x asyncAPI) SetLevel(ctx context.Context, level Level, body *LevelReport, params *SetLevelParams, opts ...CallOption) (*LevelReport, error) {
	return x.a.SetLevel(ctx, level, body, params, opts...).Wait(ctx)
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
		{"comma of integer enums", &SearchParams{Levels: []Level{Level1, LevelOff, Level(7)}},
			"levels=1%2C-1%2C7", map[string][]string{"levels": {"1,-1,7"}}},
		{"deep object: an integer enum", &SearchParams{Filter: &Filter{Status: KindNote, Level: ptr(LevelOff)}},
			"filter%5Blevel%5D=-1&filter%5Bstatus%5D=note", map[string][]string{"filter[status]": {"note"}, "filter[level]": {"-1"}}},
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

// An integer enum is a decimal number in a path segment, a query value
// and a header, and a JSON number in a body and a response; a value the
// catalog does not list is sent and decoded as it is.
func TestBehaviourIntegerEnums(t *testing.T) {
	for _, fl := range flavours() {
		t.Run(fl.name, func(t *testing.T) {
			type seen struct{ path, query, header, body string }
			var got seen
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				got = seen{r.URL.EscapedPath(), r.URL.RawQuery, r.Header.Get("X-Min-Level"), string(body)}
				w.Header().Set("Content-Type", "application/json")
				_, _ = w.Write([]byte(`{"level":-1,"previous":7,"levels":[0,2],"codes":{"a":404,"b":201}}`))
			}))
			defer srv.Close()
			c, err := NewClient(WithBaseURL(srv.URL))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			report, err := fl.wrap(c).SetLevel(context.Background(), LevelOff,
				&LevelReport{Level: Level2, Levels: []Level{LevelOff, Level0}, Codes: map[string]Code{"x": Code200}},
				&SetLevelParams{Code: Code404, Also: []Level{Level1, Level(9)}, Since: ptr(Level0), XMinLevel: ptr(Level2)})
			if err != nil {
				t.Fatal(err)
			}
			want := seen{"/levels/-1", "also=1&also=9&code=404&since=0", "2", `{"level":2,"levels":[-1,0],"codes":{"x":200}}`}
			if got != want {
				t.Errorf("sent %+v, want %+v", got, want)
			}
			if report.Level != LevelOff || report.Previous == nil || *report.Previous != 7 || report.Previous.Known() ||
				!reflect.DeepEqual(report.Levels, []Level{Level0, Level2}) || !reflect.DeepEqual(report.Codes, map[string]Code{"a": Code404, "b": 201}) {
				t.Errorf("decoded %+v", report)
			}
			if !report.Level.Known() || report.Codes["b"].Known() || !reflect.DeepEqual(LevelValues(), []Level{0, 1, 2, -1}) {
				t.Error("Known and LevelValues do not tell the listed values")
			}
		})
	}
}

// A JSON value that is not an integer of the enum's Go type is a decoding
// error, the one encoding/json gives.
func TestBehaviourIntegerEnumRefused(t *testing.T) {
	for _, in := range []string{`{"level":1.5}`, `{"level":"1"}`, `{"level":1,"codes":{"a":2147483648}}`} {
		var fast, slow LevelReport
		errFast, errSlow := jsonUnmarshal([]byte(in), &fast), json.Unmarshal([]byte(in), &slow)
		if errFast == nil || errSlow == nil || errFast.Error() != errSlow.Error() {
			t.Errorf("%s: %v, encoding/json: %v", in, errFast, errSlow)
		}
	}
}
