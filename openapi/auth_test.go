package openapi

import (
	"strings"
	"testing"
)

// TestAuthChoice: client.auth is the scheme most operations require (the
// first declared on a tie); oauth2 and openIdConnect become bearer with a
// warning; every other scheme is warned about; operations with
// `security: []` are auth: none.
func TestAuthChoice(t *testing.T) {
	doc := func(schemes, global, ops string) string {
		return `openapi: 3.0.3
info: {title: t, version: "1"}
servers: [{url: "https://x.example.com"}]
components: {securitySchemes: {` + schemes + `}}
` + global + `
paths:
` + ops
	}
	op := func(path, sec string) string {
		return "  " + path + ": {get: {" + sec + `responses: {"204": {description: ok}}}}` + "\n"
	}
	cases := []struct {
		name, doc string
		want      []string // substrings of the catalog
		warn      []string // substrings of some warning
	}{
		{"most required wins",
			doc(`a: {type: apiKey, in: header, name: X-A}, b: {type: http, scheme: bearer}`, "",
				op("/one", "security: [{a: []}], ")+op("/two", "security: [{b: []}], ")+op("/three", "security: [{b: []}], ")),
			[]string{"auth: {scheme: bearer}", "auth: none"}, []string{`security scheme "a" (apiKey) not imported`, `requires security scheme a, not "b"`}},
		{"tie: first declared",
			doc(`a: {type: apiKey, in: query, name: key}, b: {type: http, scheme: basic}`, "",
				op("/one", "security: [{a: []}], ")+op("/two", "security: [{b: []}], ")),
			[]string{"auth: {scheme: api_key, in: query, name: key}"}, []string{`"b" (http) not imported`}},
		{"oauth2 as bearer, security: [] is auth none",
			doc(`o: {type: oauth2, flows: {implicit: {authorizationUrl: "https://a.example.com", scopes: {}}}}`, "security: [{o: [read]}]",
				op("/one", "")+op("/public", "security: [], ")),
			[]string{"auth: {scheme: bearer}", "public:\n    method: GET\n    path: /public\n    auth: none"}, []string{"obtaining it (the oauth2 flows) is up to the caller"}},
		{"optional credential keeps auth",
			doc(`c: {type: apiKey, in: cookie, name: sid}`, "security: [{c: []}]",
				op("/one", "security: [{}, {c: []}], ")),
			[]string{"auth: {scheme: api_key, in: cookie, name: sid}"}, nil},
		{"no operation requires a scheme: no auth",
			doc(`a: {type: apiKey, in: header, name: X-A}`, "", op("/one", "")),
			nil, []string{"no operation requires it"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Import([]byte(c.doc), Options{Doc: "t.yaml"})
			if err != nil {
				t.Fatal(err)
			}
			cat := string(r.Catalog)
			for _, w := range c.want {
				if !strings.Contains(cat, w) {
					t.Errorf("catalog lacks %q:\n%s", w, cat)
				}
			}
			if len(c.want) == 0 && strings.Contains(cat, "auth:") {
				t.Errorf("catalog has auth:\n%s", cat)
			}
			var all []string
			for _, w := range r.Warnings {
				all = append(all, w.Msg)
			}
			for _, w := range c.warn {
				if !strings.Contains(strings.Join(all, "\n"), w) {
					t.Errorf("no warning with %q in:\n%s", w, strings.Join(all, "\n"))
				}
			}
		})
	}
}
