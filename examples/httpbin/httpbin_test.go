package example

// These tests run the generated client against go-httpbin, a server nobody
// on this project wrote, in process. client.auth (bearer, /bearer),
// header parameters and fixed headers (/headers), WithCallQuery, a greedy
// {path...} (/anything/files/...) and WithResponseInto are covered here and
// in failures_test.go. Once the catalog can say more (issue "Any real
// JSON-over-HTTP API"), this file is where these go:
//   - bodies: /post with form, multipart and raw bodies, /upload;
//   - responses: /bytes/{n}, /stream-bytes/{n} as a download, /html, /xml
//     and /robots.txt as text, /response-headers through WithResponseInto;
//   - types: nullable fields of /post's json echo, a free-form json field.

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	httpbin "github.com/clientgen/clientgen/examples/httpbin/httpbinclient"
)

func TestQueryParametersAndHeadersReachTheServer(t *testing.T) {
	since := time.Date(2024, 2, 29, 12, 30, 0, 0, time.FixedZone("", 3600))
	both(t, func(t *testing.T, e env) {
		got, err := e.c.Get(t.Context(), &httpbin.GetParams{
			Name:    httpbin.Ptr("a b&c=d/é"),
			Count:   httpbin.Ptr(42),
			Ratio:   httpbin.Ptr(0.25),
			Verbose: httpbin.Ptr(true),
			Since:   &since,
			Color:   httpbin.Ptr(httpbin.ColorGreen),
			Tags:    []string{"x", "y z"},
		}, httpbin.WithCallHeader("X-Call", "per-call"))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			"name": {"a b&c=d/é"}, "count": {"42"}, "ratio": {"0.25"}, "verbose": {"true"},
			"since": {"2024-02-29T12:30:00+01:00"}, "color": {"green"}, "tag": {"x", "y z"},
		}
		if !reflect.DeepEqual(got.Args, want) {
			t.Errorf("args = %v\nwant %v", got.Args, want)
		}
		if got.Method != http.MethodGet {
			t.Errorf("method = %q", got.Method)
		}
		for name, want := range map[string]string{"User-Agent": "httpbin-go-client", "X-Client": "fixed", "X-Call": "per-call"} {
			if v := got.Headers[name]; len(v) != 1 || v[0] != want {
				t.Errorf("header %s = %q, want %q", name, v, want)
			}
		}
	}, httpbin.WithHeader("X-Client", "fixed"))
}

func TestUserAgentOverride(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		got, err := e.c.UserAgent(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if got.UserAgent != "example/1.0" {
			t.Errorf("user-agent = %q", got.UserAgent)
		}
	}, httpbin.WithUserAgent("example/1.0"))
}

func TestJSONBodiesRoundTrip(t *testing.T) {
	due := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	note := &httpbin.Note{
		Title:    `quotes " and <html> & unicode ✓`,
		Tags:     []string{"a", "b"},
		Priority: httpbin.Ptr(3),
		Done:     httpbin.Ptr(false),
		Due:      &due,
		Meta:     map[string]any{"n": 1.5, "nested": map[string]any{"ok": true}, "list": []any{"x", nil}},
	}
	both(t, func(t *testing.T, e env) {
		ctx := t.Context()
		for name, call := range map[string]func() (*httpbin.NoteEcho, error){
			"POST": func() (*httpbin.NoteEcho, error) { return e.c.Post(ctx, note) },
			"PUT":  func() (*httpbin.NoteEcho, error) { return e.c.Put(ctx, note) },
		} {
			got, err := call()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got.Method != name {
				t.Errorf("%s: method = %q", name, got.Method)
			}
			if !reflect.DeepEqual(&got.JSON, note) {
				t.Errorf("%s: the server decoded %+v\nwant %+v", name, got.JSON, *note)
			}
			var sent map[string]any
			if err := json.Unmarshal([]byte(got.Data), &sent); err != nil {
				t.Errorf("%s: the body sent is not JSON: %v: %q", name, err, got.Data)
			}
			if ct := got.Headers["Content-Type"]; len(ct) != 1 || !strings.HasPrefix(ct[0], "application/json") {
				t.Errorf("%s: Content-Type = %q", name, ct)
			}
		}

		patched, err := e.c.Patch(ctx, map[string]any{"title": "new", "tags": nil})
		if err != nil {
			t.Fatal(err)
		}
		if string(patched.JSON) == "" || !strings.Contains(patched.Data, `"tags":null`) {
			t.Errorf("PATCH body = %q, json = %s", patched.Data, patched.JSON)
		}

		raw := `{"any":[1,"two",{"three":3}]}`
		echoed, err := e.c.PostAny(ctx, []byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if echoed.Data != raw {
			t.Errorf("raw body = %q, want it sent verbatim: %q", echoed.Data, raw)
		}
		empty, err := e.c.PostAny(ctx, nil) // body_required: false
		if err != nil {
			t.Fatal(err)
		}
		if empty.Data != "" || string(empty.JSON) != "null" {
			t.Errorf("nil optional body: data %q json %s, want nothing sent", empty.Data, empty.JSON)
		}

		deleted, err := e.c.Delete(ctx, &httpbin.DeleteParams{ID: "n-1"})
		if err != nil {
			t.Fatal(err)
		}
		if deleted.Method != http.MethodDelete || deleted.Args["id"][0] != "n-1" {
			t.Errorf("DELETE echo = %s %v", deleted.Method, deleted.Args)
		}

		if err := e.c.Head(ctx); err != nil {
			t.Errorf("HEAD: %v", err)
		}
	})
}

func TestTypedResponses(t *testing.T) {
	uuidRE := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	both(t, func(t *testing.T, e env) {
		ctx := t.Context()
		doc, err := e.c.JSON(ctx)
		if err != nil {
			t.Fatal(err)
		}
		show := doc.Slideshow
		if show.Author != "Yours Truly" || show.Title != "Sample Slide Show" || len(show.Slides) != 2 ||
			show.Slides[1].Title != "Overview" || len(show.Slides[1].Items) != 2 || show.Slides[0].Items != nil {
			t.Errorf("slideshow = %+v", show)
		}
		id, err := e.c.UUID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !uuidRE.MatchString(id.UUID) {
			t.Errorf("uuid = %q", id.UUID)
		}
		v, err := e.c.Version(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.Service != "go-httpbin" {
			t.Errorf("version = %+v", v)
		}
		hdrs, err := e.c.ResponseHeaders(ctx, &httpbin.ResponseHeadersParams{XExample: httpbin.Ptr("one")})
		if err != nil {
			t.Fatal(err)
		}
		if got := hdrs["X-Example"]; len(got) != 1 || got[0] != "one" {
			t.Errorf("response-headers = %v", hdrs)
		}
		if !e.c.HealthCheck(ctx) {
			t.Error("HealthCheck = false against a running server")
		}
	})
}

func TestPathParametersAreEscaped(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		seg := "a b/c?d#e%f"
		got, err := e.c.Anything(t.Context(), seg, &httpbin.AnythingParams{Q: httpbin.Ptr("x/y")})
		if err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(got.URL)
		if err != nil {
			t.Fatal(err)
		}
		if want := "/anything/a%20b%2Fc%3Fd%23e%25f"; u.EscapedPath() != want {
			t.Errorf("path on the wire = %q, want %q (one segment)", u.EscapedPath(), want)
		}
		if got.Args["q"][0] != "x/y" {
			t.Errorf("query = %v", got.Args)
		}
	})
}

func TestHeaderParametersFixedHeadersAndCallQuery(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		size, dry, color := 25, true, httpbin.ColorGreen
		got, err := e.c.Headers(t.Context(), &httpbin.HeadersParams{TraceID: "t-42", XPageSize: &size, XDryRun: &dry, XColor: &color},
			httpbin.WithCallHeader("X-Extra", "x"))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"X-Trace-Id": "t-42", "X-Page-Size": "25", "X-Dry-Run": "true", "X-Color": "green", "X-Api-Version": "2", "X-Extra": "x"}
		for k, v := range want {
			if vs := got.Headers[k]; len(vs) != 1 || vs[0] != v {
				t.Errorf("header %s = %q, want %q", k, vs, v)
			}
		}
		echo, err := e.c.Get(t.Context(), &httpbin.GetParams{Name: httpbin.Ptr("ann")}, httpbin.WithCallQuery("extra", "1"), httpbin.WithCallQuery("name", "bob"))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(echo.Args["extra"], []string{"1"}) || !reflect.DeepEqual(echo.Args["name"], []string{"ann", "bob"}) {
			t.Errorf("args = %v", echo.Args)
		}
	})
}

func TestGreedyPathParameterKeepsItsSlashes(t *testing.T) {
	both(t, func(t *testing.T, e env) {
		got, err := e.c.AnythingPath(t.Context(), "dogs/rex 1/photo?.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if want := "/anything/files/dogs/rex%201/photo%3F.jpg"; !strings.HasSuffix(got.URL, want) {
			t.Errorf("url = %s, want it to end with %s", got.URL, want)
		}
		_, err = e.c.AnythingPath(t.Context(), "dogs/../../admin")
		var ce *httpbin.ClientError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), `".." segment`) {
			t.Errorf("err = %v, want a refused dot segment", err)
		}
		if n := e.srv.count("GET /anything/admin"); n != 0 {
			t.Errorf("a dot segment reached the server")
		}
	})
}
