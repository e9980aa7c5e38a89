package bench

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/clientgen/clientgen/bench/synth"
	"github.com/clientgen/clientgen/spec"
	"github.com/clientgen/clientgen/templates"
)

// TestCompiledPerTypeCode builds a generated package of 40 endpoints and
// reads its symbols: the generic helpers every object or response type
// goes through must share one compiled body (their type parameter is a
// pointer, and all pointers have one GC shape), and Call[T] must get no
// equality function per T. Each per-type body or function is compiled once
// per type, which is what makes a package of thousands of endpoints slow
// to build.
func TestCompiledPerTypeCode(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	m, err := spec.Parse("synthetic.yaml", synth.Catalog(40))
	if err != nil {
		t.Fatal(err)
	}
	files, err := templates.Render(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pkg := filepath.Join(dir, "synthetic")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module compilecost\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(pkg, f.Name), f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	goCmd := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	export := strings.TrimSpace(string(goCmd("list", "-export", "-f", "{{.Export}}", "./synthetic")))
	syms := goCmd("tool", "nm", export)

	count := map[string]int{}
	sc := bufio.NewScanner(bytes.NewReader(syms))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 3 || f[1] != "T" {
			continue
		}
		name := strings.TrimPrefix(strings.Join(f[2:], " "), "compilecost/synthetic.")
		for _, prefix := range []string{"jsonStruct[go.shape.", "jsonEncStruct[go.shape.", "call[go.shape.", "callOptional[go.shape."} {
			if strings.HasPrefix(name, prefix) {
				count[prefix]++
			}
		}
		if strings.HasPrefix(name, "type:.eq.") && strings.Contains(name, "synthetic.Call[") {
			count["type:.eq.Call[T]"]++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"jsonStruct[go.shape.", "jsonEncStruct[go.shape.", "call[go.shape."} {
		if count[prefix] != 1 {
			t.Errorf("%s...]: %d compiled bodies, want 1 shared by every type", prefix, count[prefix])
		}
	}
	if n := count["callOptional[go.shape."]; n > 1 {
		t.Errorf("callOptional[go.shape...]: %d compiled bodies, want at most 1", n)
	}
	if n := count["type:.eq.Call[T]"]; n != 0 {
		t.Errorf("Call[T]: %d equality functions compiled, want none", n)
	}
}
