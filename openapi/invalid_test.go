package openapi

import (
	"errors"
	"strings"
	"testing"
)

// TestInvalidDocument: a document that is not valid gives positioned
// errors (line and column) and no catalog.
func TestInvalidDocument(t *testing.T) {
	const head = "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\n"
	const jhead = "{\"openapi\": \"3.0.3\",\n\"info\": {\"title\": \"t\", \"version\": \"1\"},\n"
	cases := map[string]struct {
		doc       string
		line, col int
		msg       string
	}{
		"yaml syntax":     {head + "paths: {/a: [}\n", 3, 0, ""},
		"paths a list":    {head + "paths: [1, 2]\n", 3, 8, "paths must be a mapping, not a list"},
		"operation":       {head + "paths:\n  /a:\n    get: yes\n", 5, 10, "GET /a must be a mapping, not a scalar"},
		"responses":       {head + "paths:\n  /a:\n    get: {responses: [1]}\n", 5, 22, "GET /a responses must be a mapping"},
		"components":      {head + "paths: {}\ncomponents: {schemas: [1]}\n", 4, 23, "components.schemas must be a mapping"},
		"missing \\$ref":  {head + "paths:\n  /a:\n    get: {responses: {\"200\": {description: ok, content: {application/json: {schema: {$ref: \"#/components/schemas/Nope\"}}}}}}\n", 5, 0, "#/components/schemas/Nope"},
		"unknown version": {"openapi: 4.0.0\ninfo: {title: t, version: \"1\"}\npaths: {}\n", 1, 10, "unsupported version"},
		// JSON documents are positioned from the reader's own tree
		"json paths a list":    {jhead + "\"paths\": [1, 2]}\n", 3, 10, "paths must be a mapping, not a list"},
		"json operation":       {jhead + "\"paths\": {\"/a\":\n  {\"get\": true}}}\n", 4, 11, "GET /a must be a mapping, not a scalar"},
		"json missing \\$ref":  {jhead + "\"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\",\n  \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/Nope\"}}}}}}}}}\n", 4, 0, "#/components/schemas/Nope"},
		"json unknown version": {"{\"openapi\": \"4.0.0\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}", 1, 13, "unsupported version"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := Import([]byte(c.doc), Options{Doc: "bad.yaml"})
			if r != nil {
				t.Fatalf("a catalog from an invalid document:\n%s", r.Catalog)
			}
			var l *ErrorList
			if !errors.As(err, &l) || len(l.List) == 0 {
				t.Fatalf("err = %v, want an *ErrorList", err)
			}
			e := l.List[0]
			if e.Line != c.line || c.col != 0 && e.Col != c.col || e.Col == 0 {
				t.Errorf("at %d:%d, want %d:%d: %s", e.Line, e.Col, c.line, c.col, err)
			}
			if !strings.Contains(e.Msg, c.msg) {
				t.Errorf("message %q lacks %q", e.Msg, c.msg)
			}
		})
	}
}
