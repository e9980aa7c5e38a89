package templates

import (
	"go/ast"
	"go/build/constraint"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/clientgen/clientgen/spec"
)

// stdImporter type-checks standard library imports from source once per
// process; fuzzing reuses it across inputs.
var stdImporter = sync.OnceValue(func() types.Importer {
	return importer.Default()
})

// FuzzRender checks that every catalog the loader accepts renders, and that
// what it renders is Go that parses and type-checks: no catalog string can
// break or inject generated code. Run it with
//
//	go test ./templates -run '^$' -fuzz FuzzRender -fuzztime 60s
//
// Without -fuzz it runs the seeds below and testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*/endpoints.yaml")
	seeds = append(seeds, "../spec/endpoints.yaml")
	for _, path := range seeds {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(injection))
	f.Add([]byte(deepCatalog(spec.MaxTypeDepth)))
	f.Add([]byte("client: {name: D, package: d, base_url: 'http://x', description: \"+build linux,!linux\\n\\ngo:generate x\"}\nendpoints: {}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := spec.Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		files, err := Render(m)
		if err != nil {
			t.Fatalf("a valid catalog did not render: %v", err)
		}
		typeCheck(t, m.Client.Package, files)
	})
}

// typeCheck parses and type-checks the rendered package.
func typeCheck(t *testing.T, pkg string, files []File) {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, f := range files {
		file, err := parser.ParseFile(fset, f.Name, f.Data, parser.ParseComments)
		if err != nil {
			t.Fatalf("%s does not parse: %v\n%s", f.Name, err, f.Data)
		}
		if !ast.IsGenerated(file) {
			t.Fatalf("%s lost its generated-code header", f.Name)
		}
		for _, g := range file.Comments {
			for _, c := range g.List {
				if constraint.IsGoBuild(c.Text) || constraint.IsPlusBuild(c.Text) {
					t.Fatalf("%s: catalog text became a build constraint: %q", f.Name, c.Text)
				}
			}
		}
		parsed = append(parsed, file)
	}
	conf := types.Config{Importer: stdImporter()}
	if _, err := conf.Check(pkg, fset, parsed, nil); err != nil {
		t.Fatalf("rendered package does not type-check: %v", err)
	}
}

// injection is a catalog whose strings try to end comments, strings and
// struct tags, and to smuggle declarations into the generated code.
const injection = `client:
  name: "Inj */ func init() { panic(1) } /*"
  package: inj
  description: "Package inj */ func init() {}\n// ` + "`" + `raw` + "`" + `\r\n\u2028x\u0000y\ufeff"
  base_url: "http://localhost/\"+panic(1)+\""
  user_agent: "ua\"` + "`" + `"
types:
  Weird:
    description: "*/ /* ` + "`" + ` \n\n package main"
    fields:
      "a-b": {type: string, description: "line\nfunc x() {}"}
  Kinds:
    enum: ["x\"y", "a` + "`" + `b", "c*/d"]
endpoints:
  get_weird:
    description: "Gets */ it.\n\nfunc evil() {}"
    method: GET
    path: "/w/{id}/'+evil+'"
    path_params:
      id: {type: string, description: "*/"}
    query:
      "q\"": {type: Kinds}
    response: Weird
`

// TestInjectionRendersSafely renders the injection catalog, which the
// loader accepts, and checks that nothing was injected.
func TestInjectionRendersSafely(t *testing.T) {
	m, err := spec.Parse("inj.yaml", []byte(injection))
	if err != nil {
		t.Fatalf("the loader rejects the injection catalog: %v", err)
	}
	files, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	typeCheck(t, m.Client.Package, files)
	for _, f := range files {
		file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Data, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && (fn.Name.Name == "init" || fn.Name.Name == "evil" || fn.Name.Name == "x") {
				t.Errorf("%s declares %s, injected from the catalog", f.Name, fn.Name.Name)
			}
		}
	}
}

// FuzzDocLines checks that docLines writes every text in the canonical
// form of go/doc/comment, whichever way it takes (the plain paragraph it
// leaves alone, or the parse and print): gofmt leaves the comment as it
// is. The seeds start lines with each thing plainParagraph must send to
// the printer.
//
//	go test ./templates -run '^$' -fuzz FuzzDocLines -fuzztime 60s
func FuzzDocLines(f *testing.F) {
	for _, s := range []string{
		"One plain sentence that is long enough to be wrapped over more than one line of a doc comment, as most descriptions are.",
		"A line\n- then a list item",
		"A line\n* star item\n+ plus item",
		"A line\n1. numbered\n2) numbered",
		"Text\n\nHeading Like This\n\nMore text.",
		"Text\n# Heading\nmore",
		"See [the docs].\n[the docs]: https://example.com/docs",
		"Lead\n    indented code\nafter",
		"Lead\n\ttabbed code",
		"Nöte\n• bullet",
		"Word\n2026 was a year",
		"a\n\n\nb",
		"-5 degrees is cold",
		"[a]: https://example.com/a",
		"Lead\n [a]: https://example.com/a",
		"Lead\n - indented item",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		lines := docLines(text)
		if len(lines) == 0 {
			return
		}
		if canon := canonical(lines); strings.Join(canon, "\n") != strings.Join(lines, "\n") {
			t.Fatalf("docLines(%q) is not canonical:\n%q\nwant\n%q", text, lines, canon)
		}
	})
}
