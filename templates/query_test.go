package templates

import "testing"

// TestQueryBehaviour renders testdata/query into a module of its own and
// runs testdata/query/behaviour_test.go in it: the query string each style
// sends, and what a server reads from it, on both flavours; an integer
// enum in a path, a query, a header and JSON.
func TestQueryBehaviour(t *testing.T) {
	runBehaviour(t, "query", "TestBehaviourQueryStyles", "TestBehaviourRequiredQueryStyles", "TestBehaviourIntegerEnums", "TestBehaviourIntegerEnumRefused")
}

// styledPagesCatalog pages through a list with styled query parameters
// (cursor pagination, whose cursor is a form parameter) under an API key
// sent in the query; fail answers 500 to every call.
const styledPagesCatalog = `client:
  name: QS
  package: qs
  base_url: http://localhost
  auth: {scheme: api_key, in: query, name: api_key}
  retry: {max_retries: 0}
types:
  Filter:
    fields:
      status: {type: string}
      since: {type: date}
  Page:
    fields:
      items: {type: "[]string", required: true}
      next: {type: string}
endpoints:
  list:
    method: GET
    path: /list
    query:
      ids: {type: "[]int64", style: comma}
      kinds: {type: "[]string", style: pipe}
      filter: {type: Filter, style: deep_object}
      labels: {type: "map[string]string", style: deep_object}
      cursor: {type: string}
    response: Page
    pagination: {style: cursor, items: items, cursor: next}
  numbers:
    method: GET
    path: /numbers
    query:
      days: {type: "[]date", style: comma}
      offset: {type: int64}
      limit: {type: int32}
    response: "[]integer"
    pagination: {style: offset, limit: limit}
  fail:
    method: GET
    path: /fail
    query:
      ids: {type: "[]string", style: space}
      filter: {type: Filter, style: deep_object}
`

// styledPagesBehaviour runs in the package of styledPagesCatalog.
const styledPagesBehaviour = `package qs

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// Each next page is asked for with the caller's styled parameters as they
// were, the cursor and the key; a call query rides along on every page.
func TestBehaviourStyledPages(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RawQuery)
		next := map[string]string{"": "c 1", "c 1": "c&2", "c&2": ""}[r.URL.Query().Get("cursor")]
		w.Header().Set("Content-Type", "application/json")
		if next == "" {
			fmt.Fprint(w, ` + "`" + `{"items": ["z"]}` + "`" + `)
			return
		}
		fmt.Fprintf(w, ` + "`" + `{"items": ["%s"], "next": "%s"}` + "`" + `, next, next)
	}))
	defer srv.Close()
	day := CivilDate{Year: 2024, Month: time.February, Day: 29}
	params := &ListParams{IDs: []int64{1, -2}, Kinds: []string{"a|b", "ü"}, Filter: &Filter{Status: ptr("on"), Since: &day}, Labels: map[string]string{"k[0]": "v=1&x"}}
	const styled = "filter%5Bsince%5D=2024-02-29&filter%5Bstatus%5D=on&ids=1%2C-2&kinds=a%7Cb%7C%C3%BC&labels%5Bk%5B0%5D%5D=v%3D1%26x"
	for _, async := range []bool{false, true} {
		got = nil
		c, err := NewClient(WithBaseURL(srv.URL), WithAuth("s3cret-key"))
		if err != nil {
			t.Fatal(err)
		}
		all := c.ListAll
		if async {
			all = c.Async().ListAll
		}
		var items []string
		for it, err := range all(context.Background(), params, WithCallQuery("trace", "t1")) {
			if err != nil {
				t.Fatalf("async %v: %v", async, err)
			}
			items = append(items, it)
		}
		want := []string{
			styled + "&trace=t1&api_key=s3cret-key",
			"cursor=c+1&" + styled + "&trace=t1&api_key=s3cret-key",
			"cursor=c%262&" + styled + "&trace=t1&api_key=s3cret-key",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("async %v: queries\n%s\nwant\n%s", async, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if strings.Join(items, ",") != "c 1,c&2,z" {
			t.Errorf("async %v: items %q", async, items)
		}
		if params.Cursor != nil {
			t.Errorf("async %v: the caller's params were changed", async)
		}
		_ = c.Close()
	}
}

// An offset of int64 and a limit of int32 page through a list with a
// styled parameter, up to the first empty page.
func TestBehaviourStyledOffsetPages(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, cmp.Or(map[string]string{"5": "[5, 6]", "7": "[7]"}[r.URL.Query().Get("offset")], "[]"))
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithAuth("k"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	day := CivilDate{Year: 2024, Month: time.March, Day: 1}
	var items []int
	for it, err := range c.Async().NumbersAll(context.Background(), &NumbersParams{Days: []CivilDate{day, day}, Offset: ptr(int64(5)), Limit: ptr(int32(2))}) {
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	want := "days=2024-03-01%2C2024-03-01&limit=2&offset=5&api_key=k\ndays=2024-03-01%2C2024-03-01&limit=2&offset=7&api_key=k\ndays=2024-03-01%2C2024-03-01&limit=2&offset=8&api_key=k"
	if strings.Join(got, "\n") != want || fmt.Sprint(items) != "[5 6 7]" {
		t.Errorf("queries\n%s\nwant\n%s\nitems %v", strings.Join(got, "\n"), want, items)
	}
}

// The URL an error shows has the styled parameters, and not the key.
func TestBehaviourStyledQueryRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	}))
	defer srv.Close()
	c, err := NewClient(WithBaseURL(srv.URL), WithAuth("s3cret-key"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	params := &FailParams{IDs: []string{"a", "b"}, Filter: &Filter{Status: ptr("x")}}
	for _, async := range []bool{false, true} {
		var err error
		if async {
			_, err = c.Async().Fail(context.Background(), params).Wait(context.Background())
		} else {
			err = c.Fail(context.Background(), params)
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("async %v: %v, want an APIError", async, err)
		}
		if want := srv.URL + "/fail?filter%5Bstatus%5D=x&ids=a+b"; apiErr.URL != want {
			t.Errorf("async %v: URL %s, want %s", async, apiErr.URL, want)
		}
		if msg := fmt.Sprintf("%v %+v %#v", err, err, apiErr); strings.Contains(msg, "s3cret") {
			t.Errorf("async %v: the key shows: %s", async, msg)
		}
	}
}

func ptr[T any](v T) *T { return &v }
`

// TestQueryStylesWithPagesAndAuth renders styledPagesCatalog and runs
// styledPagesBehaviour in it: a paginated endpoint's next pages carry its
// styled parameters, a call query and the API key, on both flavours, and
// an offset of int64 with a limit of int32 page through a list; an
// error's URL shows the styled parameters without the key.
func TestQueryStylesWithPagesAndAuth(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated package")
	}
	runBehaviourOf(t, loadCatalog(t, styledPagesCatalog), styledPagesBehaviour, "TestBehaviourStyledPages", "TestBehaviourStyledOffsetPages", "TestBehaviourStyledQueryRedacted")
}
