package spec

import (
	"errors"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that its errors are positioned
// and sorted, and that every model it accepts holds only valid Go names.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	paths = append(paths, "endpoints.yaml")
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	for _, c := range validationCases() {
		f.Add([]byte(c.src))
	}
	f.Add([]byte(enumBomb(1000, 200)))
	f.Add([]byte(y(cl, "endpoints:", "  a: {method: GET, path: /a, response: '"+strings.Repeat("[]", MaxTypeDepth+1)+"string'}")))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("f.yaml", data)
		if err != nil {
			if m != nil {
				t.Fatal("a model with an error")
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("want a non-empty ErrorList, got %T %v", err, err)
			}
			if !sort.SliceIsSorted(list, func(i, j int) bool {
				return list[i].Line < list[j].Line || list[i].Line == list[j].Line && list[i].Col < list[j].Col
			}) {
				t.Fatalf("errors not sorted:\n%v", err)
			}
			for _, e := range list {
				if e.File != "f.yaml" || e.Line < 0 || e.Col < 0 || e.Msg == "" {
					t.Fatalf("bad error %#v", e)
				}
			}
			return
		}
		checkModel(t, m)
	})
}

// checkModel fails t when m holds a name that cannot be emitted.
func checkModel(t *testing.T, m *Model) {
	t.Helper()
	exported := func(what, name string) {
		if !token.IsIdentifier(name) || !token.IsExported(name) {
			t.Fatalf("%s: bad Go name %q", what, name)
		}
	}
	if ValidatePackageName(m.Client.Package) != nil {
		t.Fatalf("bad package %q", m.Client.Package)
	}
	seen := map[string]bool{}
	pkg := func(name string) {
		exported("package name", name)
		if seen[name] || IsReservedName(name) {
			t.Fatalf("package-level name %q clashes", name)
		}
		seen[name] = true
	}
	for i, ty := range m.Types {
		if i > 0 && m.Types[i-1].GoName >= ty.GoName {
			t.Fatal("types not sorted")
		}
		pkg(ty.GoName)
		for _, v := range ty.Enum {
			pkg(v.GoName)
		}
		for _, f := range ty.Fields {
			exported("field", f.GoName)
			if f.Type == nil {
				t.Fatalf("field %s has no type", f.JSONName)
			}
		}
	}
	for i, e := range m.Endpoints {
		if i > 0 && m.Endpoints[i-1].GoName >= e.GoName {
			t.Fatal("endpoints not sorted")
		}
		exported("endpoint", e.GoName)
		if e.ParamsGoName != "" {
			pkg(e.ParamsGoName)
		}
		for _, p := range e.PathParams {
			if !token.IsIdentifier(p.GoName) || isPredeclared(p.GoName) || p.Type == nil {
				t.Fatalf("bad path parameter %#v", p)
			}
		}
		for _, p := range e.Query {
			exported("query parameter", p.GoName)
			if p.Type == nil {
				t.Fatalf("query parameter %s has no type", p.Name)
			}
		}
	}
}
