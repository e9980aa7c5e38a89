package templates

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"sort"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/clientgen/clientgen/spec"
)

// method is one method's signature as source text.
type method struct {
	params  string   // parameter types, comma separated
	results []string // result types
}

// methodSets collects the methods declared on *Client and *AsyncClient in
// the given sources.
func methodSets(t *testing.T, srcs ...[]byte) (syncM, asyncM map[string]method) {
	t.Helper()
	syncM, asyncM = map[string]method{}, map[string]method{}
	fset := token.NewFileSet()
	text := func(n ast.Node) string {
		var b bytes.Buffer
		require.NoError(t, printer.Fprint(&b, fset, n))
		return b.String()
	}
	for _, src := range srcs {
		file, err := parser.ParseFile(fset, "", src, 0)
		require.NoError(t, err)
		for _, d := range file.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil {
				continue
			}
			recv := text(fn.Recv.List[0].Type)
			var m method
			var ps []string
			for _, p := range fn.Type.Params.List {
				for range max(1, len(p.Names)) {
					ps = append(ps, text(p.Type))
				}
			}
			m.params = strings.Join(ps, ", ")
			if fn.Type.Results != nil {
				for _, r := range fn.Type.Results.List {
					m.results = append(m.results, text(r.Type))
				}
			}
			switch recv {
			case "*Client":
				syncM[fn.Name.Name] = m
			case "*AsyncClient":
				asyncM[fn.Name.Name] = m
			}
		}
	}
	return syncM, asyncM
}

// checkParity reports every way in which the two flavours of the rendered
// endpoint and operation methods differ for the endpoints of m: a method
// missing from one flavour, different parameters, or an async result that
// is not the handle of the sync result.
func checkParity(t *testing.T, m *spec.Model, srcs ...[]byte) []string {
	syncM, asyncM := methodSets(t, srcs...)
	var problems []string
	pair := func(syncName, asyncName, handle string) {
		s, okS := syncM[syncName]
		a, okA := asyncM[asyncName]
		switch {
		case !okS && !okA:
			problems = append(problems, fmt.Sprintf("%s: no method in either flavour", syncName))
			return
		case !okS:
			problems = append(problems, fmt.Sprintf("%s: missing from Client", syncName))
			return
		case !okA:
			problems = append(problems, fmt.Sprintf("%s: missing from AsyncClient", asyncName))
			return
		}
		if s.params != a.params {
			problems = append(problems, fmt.Sprintf("%s: parameters differ: sync (%s), async (%s)", syncName, s.params, a.params))
		}
		want := handle + "[struct{}]"
		switch {
		case len(s.results) == 2 && handle == "*Call":
			want = handle + "[" + s.results[0] + "]"
		case len(s.results) == 2:
			want = handle + "[" + strings.TrimPrefix(s.results[0], "*") + "]"
		}
		if len(a.results) != 1 || a.results[0] != want {
			problems = append(problems, fmt.Sprintf("%s: async result %v, want %s (sync %v)", asyncName, a.results, want, s.results))
		}
	}
	for _, ep := range m.Endpoints {
		if ep.Stream != nil {
			// A streaming endpoint: the same iterator on both.
			s, a := syncM[ep.GoName], asyncM[ep.GoName]
			if s.params != a.params || strings.Join(s.results, ", ") != strings.Join(a.results, ", ") || len(s.results) != 1 || !strings.HasPrefix(s.results[0], "iter.Seq2[StreamEvent[") {
				problems = append(problems, fmt.Sprintf("%s: sync (%s) %v, async (%s) %v, want the same iter.Seq2[StreamEvent[T], error]", ep.GoName, s.params, s.results, a.params, a.results))
			}
			continue
		}
		pair(ep.GoName, ep.GoName, "*Call")
		if ep.Operation != nil {
			pair(syncOperationName(ep), asyncOperationName(ep), "*Operation")
		}
	}
	if m.Operations != nil {
		pair("WaitForOperation", "ResumeOperation", "*Operation")
	}
	// The page iterators: the same method, parameters and results on both.
	for _, ep := range m.Endpoints {
		if ep.Pagination == nil {
			continue
		}
		all, pages := spec.PageMethodNames(ep.GoName)
		for _, name := range []string{all, pages} {
			s, okS := syncM[name]
			a, okA := asyncM[name]
			switch {
			case !okS:
				problems = append(problems, fmt.Sprintf("%s: missing from Client", name))
			case !okA:
				problems = append(problems, fmt.Sprintf("%s: missing from AsyncClient", name))
			case s.params != a.params || strings.Join(s.results, ", ") != strings.Join(a.results, ", ") || len(s.results) != 1 || !strings.HasPrefix(s.results[0], "iter.Seq2["):
				problems = append(problems, fmt.Sprintf("%s: sync (%s) %v, async (%s) %v, want the same iter.Seq2", name, s.params, s.results, a.params, a.results))
			}
		}
	}
	// Methods that one flavour has beyond the model's endpoints.
	known := map[string]bool{"Close": true, "HealthCheck": true, "Do": true, "Async": true, "Sync": true,
		"BaseURL": true, "Timeout": true, "MaxRetries": true, "RetryDelay": true}
	for _, ep := range m.Endpoints {
		known[ep.GoName] = true
		if ep.Operation != nil {
			known[syncOperationName(ep)], known[asyncOperationName(ep)] = true, true
		}
		if ep.Pagination != nil {
			all, pages := spec.PageMethodNames(ep.GoName)
			known[all], known[pages] = true, true
		}
	}
	known["WaitForOperation"], known["ResumeOperation"] = true, true
	for _, set := range []map[string]method{syncM, asyncM} {
		for name := range set {
			if !known[name] {
				problems = append(problems, fmt.Sprintf("%s: not an endpoint of the model", name))
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// renderWith renders one emitter's file for m.
func renderWith(t *testing.T, emit func(*jen.File, *spec.Model) bool, m *spec.Model) []byte {
	t.Helper()
	f := newFile(m)
	require.True(t, emit(f, m))
	var b bytes.Buffer
	require.NoError(t, f.Render(&b))
	return b.Bytes()
}

func loadCase(t *testing.T, path string) *spec.Model {
	t.Helper()
	m, err := spec.Load(path)
	require.NoError(t, err)
	return m
}

// TestFlavourParity checks, for every catalog at hand, that the async
// flavour has exactly the sync flavour's endpoints, parameters and results.
func TestFlavourParity(t *testing.T) {
	paths := []string{"../spec/endpoints.yaml"}
	for _, dir := range cases(t) {
		paths = append(paths, dir+"/endpoints.yaml")
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			m := loadCase(t, path)
			var srcs [][]byte
			for _, f := range renderCase(t, strings.TrimSuffix(path, "/endpoints.yaml")) {
				srcs = append(srcs, f.Data)
			}
			assert.Empty(t, checkParity(t, m, srcs...))
		})
	}
}

// TestFlavourParityCatchesDrift renders the two flavours from models that
// disagree, as an emitter that lost an endpoint, a parameter or a result
// would, and shows that the parity check reports each.
func TestFlavourParityCatchesDrift(t *testing.T) {
	good := func() *spec.Model { return loadCase(t, "testdata/petstore/endpoints.yaml") }
	endpoint := func(m *spec.Model, name string) *spec.Endpoint {
		for _, ep := range m.Endpoints {
			if ep.GoName == name {
				return ep
			}
		}
		t.Fatalf("no endpoint %s", name)
		return nil
	}
	for name, tc := range map[string]struct {
		breakAsync func(m *spec.Model)
		want       string
	}{
		"missing endpoint": {
			breakAsync: func(m *spec.Model) {
				ep := endpoint(m, "GetPet")
				var kept []*spec.Endpoint
				for _, e := range m.Endpoints {
					if e != ep {
						kept = append(kept, e)
					}
				}
				m.Endpoints = kept
			},
			want: "GetPet: missing from AsyncClient",
		},
		"extra parameter": {
			breakAsync: func(m *spec.Model) {
				ep := endpoint(m, "GetPet")
				ep.PathParams = append(ep.PathParams, &spec.Param{Name: "x", GoName: "x", Type: &spec.TypeRef{Kind: spec.KindString}})
			},
			want: "GetPet: parameters differ: sync (context.Context, int, ...CallOption), async (context.Context, int, string, ...CallOption)",
		},
		"other result": {
			breakAsync: func(m *spec.Model) {
				endpoint(m, "DeletePet").Response = &spec.TypeRef{Kind: spec.KindString}
			},
			want: "DeletePet: async result [*Call[string]], want *Call[struct{}] (sync [error])",
		},
		"missing operation adapter": {
			breakAsync: func(m *spec.Model) { endpoint(m, "StartAdoption").Operation = nil },
			want:       "StartAdoptionOperation: missing from AsyncClient",
		},
	} {
		t.Run(name, func(t *testing.T) {
			m := good()
			syncSrc := renderWith(t, emitClient, m)
			opSrc := renderWith(t, emitOperations, m)
			broken := good()
			tc.breakAsync(broken)
			asyncSrc := renderWith(t, emitAsync, broken)
			asyncOps := renderWith(t, emitOperations, broken)
			// The sync half of the operations file comes from the good
			// model, the async half from the broken one.
			syncOnly := dropReceiver(t, opSrc, "*AsyncClient")
			asyncOnly := dropReceiver(t, asyncOps, "*Client")
			problems := checkParity(t, m, syncSrc, syncOnly, asyncSrc, asyncOnly)
			assert.Contains(t, problems, tc.want)
		})
	}
}

// dropReceiver removes the methods with the given receiver from src.
func dropReceiver(t *testing.T, src []byte, recv string) []byte {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	require.NoError(t, err)
	var kept []ast.Decl
	for _, d := range file.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil {
			var b bytes.Buffer
			require.NoError(t, printer.Fprint(&b, fset, fn.Recv.List[0].Type))
			if b.String() == recv {
				continue
			}
		}
		kept = append(kept, d)
	}
	file.Decls = kept
	file.Comments = nil
	var b bytes.Buffer
	require.NoError(t, printer.Fprint(&b, fset, file))
	return b.Bytes()
}
