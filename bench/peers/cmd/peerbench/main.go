// Command peerbench measures clientgen side by side with oapi-codegen and
// ogen on one synthetic API, and prints the tables of BENCHMARKS.md
// ("Against the peers") as markdown.
//
// Run it from bench/peers (make bench-peers does):
//
//	go run ./cmd/peerbench -rounds 3 -sizes 40,400,2000
//
// It builds the three generators (clientgen from this repository, the
// peers from their pinned module versions with go install into the work
// directory), then measures in rounds, each round running every tool once
// in turn (the starting tool rotates) so that load from elsewhere hits all
// tools alike:
//
//  1. generation: each tool on the same API of 40, 400 and 2,000 endpoints
//     (bench/synth's catalog, and the same API as OpenAPI 3.0), one child
//     process each: wall time, CPU time (wait4's rusage) and peak RSS (GNU
//     time's, when /usr/bin/time is installed);
//  2. generated lines per endpoint;
//  3. warm go build of each generated package (dependencies cached, the
//     package changed by a constant): wall, CPU and peak RSS of go build
//     and the compiler;
//  4. per call: the calls package's BenchmarkCalls, one test process per
//     transport, mode and client;
//  5. import at scale (steps import and importbuild): one OpenAPI document
//     as large as the largest public APIs (bench/synth.OpenAPI), clientgen
//     import followed by clientgen generating from the imported catalog,
//     against oapi-codegen and ogen generating from the document; then the
//     warm build of the three packages.
//
// Ratios are clientgen / peer, computed per round; tables give their
// median and min..max across rounds.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/clientgen/clientgen/bench/peers/openapi"
	"github.com/clientgen/clientgen/bench/synth"
	"github.com/clientgen/clientgen/spec"
)

// The peers, pinned.
const (
	oapiPkg = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"
	ogenPkg = "github.com/ogen-go/ogen/cmd/ogen@v1.24.0"
)

// ogenConfig makes ogen generate the client only, as oapi-codegen's
// -generate types,client and clientgen do.
const ogenConfig = `generator:
  features:
    disable:
      - paths/server
      - webhooks/server
      - ogen/unimplemented
`

var tools = []string{"clientgen", "oapi-codegen", "ogen"}

type config struct {
	rounds    int
	sizes     []int
	benchtime string
	steps     map[string]bool
	root      string // repository root
	peers     string // bench/peers
	work      string
	bin       string

	// importResources sizes the import step's document (synth.OpenAPI).
	importResources int
}

func main() {
	var c config
	var sizes, steps, out string
	var keep bool
	flag.IntVar(&c.rounds, "rounds", 3, "rounds of every measurement")
	flag.StringVar(&sizes, "sizes", "40,400,2000", "catalog sizes (endpoints), comma-separated")
	flag.StringVar(&c.benchtime, "benchtime", "1s", "-benchtime of each per-call benchmark")
	flag.StringVar(&steps, "steps", "gen,build,calls", "steps to run, comma-separated: gen, build, calls, import, importbuild (none: only build the tools and generate gen/things)")
	flag.IntVar(&c.importResources, "import-resources", 400, "resources of the import step's OpenAPI document (5 operations and 12 schemas each)")
	flag.StringVar(&c.root, "root", "../..", "the repository root")
	flag.StringVar(&c.work, "work", "", "work directory (default: a new temporary one, removed at the end)")
	flag.BoolVar(&keep, "keep", false, "keep the work directory")
	flag.StringVar(&out, "o", "", "also write the markdown report to this file")
	flag.Parse()
	for f := range strings.FieldsFuncSeq(sizes, func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			fatalf("-sizes: %q is not a positive number of endpoints", f)
		}
		c.sizes = append(c.sizes, n)
	}
	c.steps = map[string]bool{}
	for _, s := range strings.Split(steps, ",") {
		c.steps[strings.TrimSpace(s)] = true
	}
	if c.rounds < 1 {
		fatalf("-rounds must be at least 1")
	}
	var err error
	if c.peers, err = os.Getwd(); err != nil {
		fatalf("%v", err)
	}
	if _, err := os.Stat(filepath.Join(c.peers, "calls")); err != nil {
		fatalf("run peerbench from bench/peers (make bench-peers does)")
	}
	if c.root, err = filepath.Abs(c.root); err != nil {
		fatalf("%v", err)
	}
	if c.work == "" {
		if c.work, err = os.MkdirTemp("", "peerbench-"); err != nil {
			fatalf("%v", err)
		}
		if !keep {
			defer os.RemoveAll(c.work)
		}
	}
	c.bin = filepath.Join(c.work, "bin")

	var report bytes.Buffer
	w := io.MultiWriter(os.Stdout, &report)
	if err := run(&c, w); err != nil {
		fmt.Fprintln(os.Stderr, "peerbench:", err)
		if !keep {
			os.RemoveAll(c.work)
		}
		os.Exit(1)
	}
	if out != "" {
		if err := os.WriteFile(out, report.Bytes(), 0o644); err != nil {
			fatalf("%v", err)
		}
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "peerbench: "+format+"\n", args...)
	os.Exit(2)
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "# %s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(c *config, w io.Writer) error {
	fmt.Fprintf(w, "<!-- peerbench -rounds %d -sizes %s -benchtime %s -->\n\n", c.rounds, joinInts(c.sizes), c.benchtime)
	fmt.Fprintf(w, "%s\n\nload average at start: %s\n\n", machine(), loadavg())
	if err := buildTools(c); err != nil {
		return err
	}
	if err := genThings(c); err != nil {
		return err
	}
	if c.steps["gen"] || c.steps["build"] {
		if err := genAndBuild(c, w); err != nil {
			return err
		}
	}
	if c.steps["import"] || c.steps["importbuild"] {
		if err := importScale(c, w); err != nil {
			return err
		}
	}
	if c.steps["calls"] {
		if err := calls(c, w); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "load average at end: %s\n", loadavg())
	return nil
}

// buildTools builds clientgen from the repository and installs the peers'
// pinned versions into the work directory.
func buildTools(c *config) error {
	logf("building clientgen and the peers (%s, %s)", oapiPkg, ogenPkg)
	if err := goCmd(c.root, nil, "build", "-o", filepath.Join(c.bin, "clientgen"), "./cmd/clientgen"); err != nil {
		return err
	}
	if err := goCmd(c.peers, nil, "build", "-o", filepath.Join(c.bin, "libopenapifloor"), "./cmd/libopenapifloor"); err != nil {
		return err
	}
	for _, pkg := range []string{oapiPkg, ogenPkg} {
		if err := goCmd(c.peers, []string{"GOBIN=" + c.bin}, "install", pkg); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(c.work, "ogen.yml"), []byte(ogenConfig), 0o644)
}

func goCmd(dir string, env []string, args ...string) error {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

// genThings generates the peers' clients of bench/catalog.yaml into
// gen/things, for the calls package.
func genThings(c *config) error {
	logf("generating the peers' clients of bench/catalog.yaml into gen/things")
	m, err := spec.Load(filepath.Join(c.root, "bench", "catalog.yaml"))
	if err != nil {
		return err
	}
	doc, err := openapi.FromModel(m)
	if err != nil {
		return err
	}
	file := filepath.Join(c.work, "things.json")
	if err := os.WriteFile(file, doc, 0o644); err != nil {
		return err
	}
	for _, tool := range tools[1:] {
		dir := filepath.Join(c.peers, "gen", "things", pkgName(tool))
		if _, err := measure("", generator(c, tool, file, "", dir)...); err != nil {
			return err
		}
	}
	return nil
}

// pkgName is the Go package each tool generates into.
func pkgName(tool string) string {
	switch tool {
	case "oapi-codegen":
		return "oapi"
	case "ogen":
		return "ogen"
	}
	return "synthetic"
}

// generator returns the command line of tool generating the package in dir
// from the OpenAPI document (peers) or the catalog (clientgen). It empties
// dir first.
func generator(c *config, tool, openapiFile, catalogFile, dir string) []string {
	_ = os.RemoveAll(dir)
	_ = os.MkdirAll(dir, 0o755)
	switch tool {
	case "clientgen":
		return []string{filepath.Join(c.bin, "clientgen"), "-spec", catalogFile, "-out", dir}
	case "oapi-codegen":
		return []string{filepath.Join(c.bin, "oapi-codegen"), "-generate", "types,client", "-package", "oapi",
			"-o", filepath.Join(dir, "oapi.gen.go"), openapiFile}
	default:
		return []string{filepath.Join(c.bin, "ogen"), "-target", dir, "-package", "ogen", "-clean",
			"-config", filepath.Join(c.work, "ogen.yml"), openapiFile}
	}
}

// usage is what one child process cost.
type usage struct {
	wall, cpu time.Duration
	rssKiB    int64
}

// gnuTime is GNU time, which reports the peak RSS of the command it runs.
const gnuTime = "/usr/bin/time"

// measure runs args in dir and returns its wall time, its CPU time (with
// its descendants', from wait4) and its peak RSS (the largest of it and its
// descendants). The peak RSS comes from GNU time when it is installed: Go
// starts a child with vfork semantics, so wait4's ru_maxrss of a direct
// child is never below the RSS peerbench itself had when the child started
// (tens of MiB once the large catalogs are loaded), while GNU time, a small
// process, forks the command on its own.
func measure(dir string, args ...string) (usage, error) {
	var rssFile string
	if _, err := os.Stat(gnuTime); err == nil {
		f, err := os.CreateTemp("", "peerbench-time-")
		if err != nil {
			return usage{}, err
		}
		rssFile = f.Name()
		f.Close()
		defer os.Remove(rssFile)
		args = append([]string{gnuTime, "-f", "%M", "-o", rssFile}, args...)
	}
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return usage{}, fmt.Errorf("%s: %v\n%s", strings.Join(args, " "), err, out.Bytes())
	}
	ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	u := usage{
		wall:   wall,
		cpu:    time.Duration(ru.Utime.Nano() + ru.Stime.Nano()),
		rssKiB: ru.Maxrss,
	}
	if rssFile != "" {
		b, err := os.ReadFile(rssFile)
		if err != nil {
			return usage{}, err
		}
		f := strings.Fields(string(b))
		if len(f) == 0 {
			return usage{}, fmt.Errorf("%s: no peak RSS in %q", gnuTime, b)
		}
		if u.rssKiB, err = strconv.ParseInt(f[len(f)-1], 10, 64); err != nil {
			return usage{}, fmt.Errorf("%s: %v", gnuTime, err)
		}
	}
	return u, nil
}

// genAndBuild runs the generation rounds, counts the lines, and runs the
// build rounds on the last generation.
func genAndBuild(c *config, w io.Writer) error {
	mod := filepath.Join(c.work, "build")
	if err := buildModule(c, mod); err != nil {
		return err
	}
	type input struct{ catalog, openapi string }
	inputs := map[int]input{}
	ops := map[int]int{}
	for _, n := range c.sizes {
		dir := filepath.Join(c.work, fmt.Sprintf("n%d", n))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		in := input{filepath.Join(dir, "catalog.yaml"), filepath.Join(dir, "openapi.json")}
		cat := synth.Catalog(n)
		m, err := spec.Parse(in.catalog, cat)
		if err != nil {
			return err
		}
		doc, err := openapi.FromModel(m)
		if err != nil {
			return err
		}
		ops[n] = strings.Count(string(doc), `"operationId"`)
		if err := os.WriteFile(in.catalog, cat, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(in.openapi, doc, 0o644); err != nil {
			return err
		}
		inputs[n] = in
	}
	pkgDir := func(n int, tool string) string { return filepath.Join(mod, fmt.Sprintf("n%d", n), pkgName(tool)) }

	gen := samples{}
	for r := range c.rounds {
		logf("generation, round %d of %d", r+1, c.rounds)
		for _, n := range c.sizes {
			for _, tool := range rotate(tools, r) {
				u, err := measure("", generator(c, tool, inputs[n].openapi, inputs[n].catalog, pkgDir(n, tool))...)
				if err != nil {
					return err
				}
				gen.add(fmt.Sprint(n), tool, u)
			}
		}
	}
	if c.steps["gen"] {
		fmt.Fprintf(w, "### Generation\n\n")
		fmt.Fprintf(w, "One process per tool and size (wall; CPU from wait4; peak RSS from GNU time), %d round(s). The OpenAPI document has "+
			"the catalog's endpoints plus the operation status and cancel calls (%s operations).\n\n",
			c.rounds, describeOps(c.sizes, ops))
		usageTable(w, c.sizes, gen, "generate")
		linesTable(w, c.sizes, func(n int, tool string) string { return pkgDir(n, tool) })
	}
	if !c.steps["build"] {
		return nil
	}

	logf("build: warming the cache (dependencies of every package)")
	if err := goCmd(mod, []string{"GOWORK=off"}, "build", "./..."); err != nil {
		return err
	}
	build := samples{}
	for r := range c.rounds {
		logf("build, round %d of %d", r+1, c.rounds)
		for _, n := range c.sizes {
			for _, tool := range rotate(tools, r) {
				dir := pkgDir(n, tool)
				bump := fmt.Sprintf("package %s\n\nconst peerbenchBump = %d\n", pkgName(tool), time.Now().UnixNano())
				if err := os.WriteFile(filepath.Join(dir, "peerbench_bump.go"), []byte(bump), 0o644); err != nil {
					return err
				}
				u, err := measure(mod, "go", "build", "./"+filepath.Base(filepath.Dir(dir))+"/"+filepath.Base(dir))
				if err != nil {
					return err
				}
				build.add(fmt.Sprint(n), tool, u)
			}
		}
	}
	fmt.Fprintf(w, "### Build\n\n`go build` of each generated package, dependencies cached, the package changed "+
		"by a constant (wall; CPU and peak RSS of go build and the compiler), %d round(s).\n\n", c.rounds)
	usageTable(w, c.sizes, build, "build")
	return nil
}

func describeOps(sizes []int, ops map[int]int) string {
	var parts []string
	for _, n := range sizes {
		parts = append(parts, fmt.Sprintf("%d for %d", ops[n], n))
	}
	return strings.Join(parts, ", ")
}

// buildModule writes the module the generated packages are built in: the
// requirements of bench/peers, so that the peers' runtime dependencies
// resolve as they do for the calls package.
func buildModule(c *config, mod string) error {
	if err := os.MkdirAll(mod, 0o755); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(c.peers, "go.mod"))
	if err != nil {
		return err
	}
	s := strings.Replace(string(gomod), "module github.com/clientgen/clientgen/bench/peers", "module peerbuild", 1)
	s = strings.Replace(s, "=> ../..", "=> "+c.root, 1)
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(s), 0o644); err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(c.peers, "go.sum"))
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644)
}

// rotate returns s starting at its element r mod len(s).
func rotate(s []string, r int) []string {
	i := r % len(s)
	return append(slices.Clone(s[i:]), s[:i]...)
}

// samples holds one usage per round for each group (size) and tool.
type samples map[string]map[string][]usage

func (s samples) add(group, tool string, u usage) {
	if s[group] == nil {
		s[group] = map[string][]usage{}
	}
	s[group][tool] = append(s[group][tool], u)
}

func usageTable(w io.Writer, sizes []int, s samples, what string) {
	fmt.Fprintf(w, "| endpoints | tool | wall | CPU | peak RSS |\n|---:|---|---:|---:|---:|\n")
	for _, n := range sizes {
		for _, tool := range tools {
			us := s[fmt.Sprint(n)][tool]
			fmt.Fprintf(w, "| %d | %s | %s | %s | %.0f MiB |\n", n, tool,
				fmtDur(median(pick(us, wallOf))), fmtDur(median(pick(us, cpuOf))), median(pick(us, rssOf))/1024)
		}
	}
	fmt.Fprintf(w, "\nclientgen / peer, %s (median, min..max over rounds; below 1 is clientgen ahead):\n\n", what)
	fmt.Fprintf(w, "| endpoints | peer | wall | CPU | peak RSS |\n|---:|---|---:|---:|---:|\n")
	for _, n := range sizes {
		cg := s[fmt.Sprint(n)]["clientgen"]
		for _, peer := range tools[1:] {
			p := s[fmt.Sprint(n)][peer]
			fmt.Fprintf(w, "| %d | %s | %s | %s | %s |\n", n, peer,
				ratio(pick(cg, wallOf), pick(p, wallOf)), ratio(pick(cg, cpuOf), pick(p, cpuOf)),
				ratio(pick(cg, rssOf), pick(p, rssOf)))
		}
	}
	fmt.Fprintln(w)
}

func wallOf(u usage) float64 { return float64(u.wall) }
func cpuOf(u usage) float64  { return float64(u.cpu) }
func rssOf(u usage) float64  { return float64(u.rssKiB) }

func pick[T any](xs []T, f func(T) float64) []float64 {
	out := make([]float64, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

// ratio formats the per-round ratios a[i]/b[i]: median (min..max).
func ratio(a, b []float64) string {
	var rs []float64
	for i := range min(len(a), len(b)) {
		if b[i] > 0 {
			rs = append(rs, a[i]/b[i])
		}
	}
	if len(rs) == 0 {
		return "–"
	}
	if len(rs) == 1 {
		return fmt.Sprintf("%.2f×", rs[0])
	}
	return fmt.Sprintf("%.2f× (%.2f..%.2f)", median(rs), slices.Min(rs), slices.Max(rs))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtDur(ns float64) string {
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1f ms", float64(d)/1e6)
	default:
		return fmt.Sprintf("%.2f µs", float64(d)/1e3)
	}
}

// linesTable counts the lines of every .go file each tool generated.
// clientgen's package carries its runtime (rt_*_gen.go), which the peers
// import as libraries; its count without the runtime is given too.
func linesTable(w io.Writer, sizes []int, dir func(int, string) string) {
	fmt.Fprintf(w, "Generated lines (every `.go` file of the package; clientgen's includes its runtime, "+
		"which the peers import as libraries):\n\n")
	fmt.Fprintf(w, "| endpoints | clientgen | clientgen without runtime | oapi-codegen | ogen | per endpoint: clientgen | oapi-codegen | ogen | clientgen / oapi-codegen | clientgen / ogen |\n")
	fmt.Fprintf(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range sizes {
		all, noRT := countLines(dir(n, "clientgen"))
		oapi, _ := countLines(dir(n, "oapi-codegen"))
		ogen, _ := countLines(dir(n, "ogen"))
		fn := float64(n)
		fmt.Fprintf(w, "| %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.2f× | %.2f× |\n", n, all, noRT, oapi, ogen,
			float64(all)/fn, float64(oapi)/fn, float64(ogen)/fn, float64(all)/float64(oapi), float64(all)/float64(ogen))
	}
	fmt.Fprintln(w)
}

func countLines(dir string) (all, noRuntime int) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if filepath.Base(f) == "peerbench_bump.go" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n := bytes.Count(b, []byte("\n"))
		all += n
		if !strings.HasPrefix(filepath.Base(f), "rt_") {
			noRuntime += n
		}
	}
	return all, noRuntime
}

// A call result: one benchmark line.
type callResult struct{ ns, cpu, bytes, allocs float64 }

var (
	transports = []string{"inmem", "loopback"}
	modes      = []string{"serial", "par64"}
	variants   = []string{"raw", "oapi", "ogen-otel", "ogen-nootel", "sync", "async"}
	peerNames  = []string{"raw", "oapi", "ogen-otel", "ogen-nootel"}
)

// calls builds the calls test binary and runs BenchmarkCalls, one process
// per transport, mode and variant, interleaved in rounds.
func calls(c *config, w io.Writer) error {
	logf("building the calls test binary")
	bin := filepath.Join(c.work, "calls.test")
	if err := goCmd(c.peers, []string{"GOWORK=off"}, "test", "-c", "-o", bin, "./calls"); err != nil {
		return err
	}
	res := map[string][]callResult{} // transport/mode/variant/call
	for r := range c.rounds {
		logf("per call, round %d of %d (load %s)", r+1, c.rounds, loadavg())
		for _, tr := range transports {
			for _, mode := range modes {
				for _, v := range rotate(variants, r) {
					pattern := fmt.Sprintf("^BenchmarkCalls$/^%s$/^%s$/^%s$/", tr, mode, v)
					cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", pattern, "-test.benchmem",
						"-test.count", "1", "-test.benchtime", c.benchtime)
					cmd.Dir = filepath.Join(c.peers, "calls")
					out, err := cmd.CombinedOutput()
					if err != nil {
						return fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, out)
					}
					got := parseBench(out)
					if len(got) != 2 {
						return fmt.Errorf("%s: want 2 results (get, post), got %d\n%s", pattern, len(got), out)
					}
					for k, v := range got {
						res[k] = append(res[k], v)
					}
				}
			}
		}
	}
	fmt.Fprintf(w, "### Per call\n\n`BenchmarkCalls` (bench/peers/calls), `-benchtime %s`, %d round(s), one process "+
		"per transport, mode and client. CPU is the process CPU time per call (getrusage; the loopback server's "+
		"included); GOMAXPROCS %d.\n\n", c.benchtime, c.rounds, runtime.GOMAXPROCS(0))
	for _, tr := range transports {
		for _, mode := range modes {
			callTables(w, res, tr, mode)
		}
	}
	return nil
}

// parseBench reads benchmark lines into results keyed by the name without
// "BenchmarkCalls/" and the -GOMAXPROCS suffix.
func parseBench(out []byte) map[string]callResult {
	got := map[string]callResult{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "BenchmarkCalls/") {
			continue
		}
		name := strings.TrimPrefix(f[0], "BenchmarkCalls/")
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			if _, err := strconv.Atoi(name[i+1:]); err == nil {
				name = name[:i]
			}
		}
		var r callResult
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				r.ns = v
			case "cpu-ns/op":
				r.cpu = v
			case "B/op":
				r.bytes = v
			case "allocs/op":
				r.allocs = v
			}
		}
		got[name] = r
	}
	return got
}

func callTables(w io.Writer, res map[string][]callResult, tr, mode string) {
	key := func(v, call string) string { return tr + "/" + mode + "/" + v + "/" + call }
	title := map[string]string{"inmem": "in memory", "loopback": "over loopback"}[tr]
	if mode == "serial" {
		fmt.Fprintf(w, "#### %s, one call after another\n\n", title)
		fmt.Fprintf(w, "| client | GET ns/op | GET CPU/op | GET B/op | GET allocs | POST ns/op | POST CPU/op | POST B/op | POST allocs |\n")
		fmt.Fprintf(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	} else {
		fmt.Fprintf(w, "#### %s, %d goroutines in parallel\n\n", title, 64)
		fmt.Fprintf(w, "| client | GET calls/s | GET CPU/op | GET B/op | GET allocs | POST calls/s | POST CPU/op | POST B/op | POST allocs |\n")
		fmt.Fprintf(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	}
	for _, v := range variants {
		fmt.Fprintf(w, "| %s", v)
		for _, call := range []string{"get", "post"} {
			rs := res[key(v, call)]
			ns := median(pick(rs, nsOf))
			if mode == "serial" {
				fmt.Fprintf(w, " | %s", fmtDur(ns))
			} else {
				fmt.Fprintf(w, " | %.0f", 1e9/ns)
			}
			fmt.Fprintf(w, " | %s | %.0f | %.0f", fmtDur(median(pick(rs, cpuOfCall))),
				median(pick(rs, bytesOf)), median(pick(rs, allocsOf)))
		}
		fmt.Fprintln(w, " |")
	}
	fmt.Fprintln(w)
	if mode == "serial" {
		fmt.Fprintf(w, "clientgen / peer (median, min..max over rounds; below 1 is clientgen ahead):\n\n")
		fmt.Fprintf(w, "| | GET CPU | GET allocs | GET ns | POST CPU | POST allocs | POST ns |\n|---|---:|---:|---:|---:|---:|---:|\n")
	} else {
		fmt.Fprintf(w, "clientgen / peer (median, min..max over rounds): throughput (above 1 is clientgen ahead), CPU per call (below 1 is clientgen ahead):\n\n")
		fmt.Fprintf(w, "| | GET throughput | GET CPU | POST throughput | POST CPU |\n|---|---:|---:|---:|---:|\n")
	}
	for _, cg := range []string{"sync", "async"} {
		others := peerNames
		if cg == "async" {
			others = append(slices.Clone(peerNames), "sync")
		}
		for _, p := range others {
			fmt.Fprintf(w, "| %s / %s", cg, p)
			for _, call := range []string{"get", "post"} {
				a, b := res[key(cg, call)], res[key(p, call)]
				if mode == "serial" {
					fmt.Fprintf(w, " | %s | %s | %s", ratio(pick(a, cpuOfCall), pick(b, cpuOfCall)),
						ratio(pick(a, allocsOf), pick(b, allocsOf)), ratio(pick(a, nsOf), pick(b, nsOf)))
				} else {
					// throughput ratio = peer ns / clientgen ns
					fmt.Fprintf(w, " | %s | %s", ratio(pick(b, nsOf), pick(a, nsOf)), ratio(pick(a, cpuOfCall), pick(b, cpuOfCall)))
				}
			}
			fmt.Fprintln(w, " |")
		}
	}
	fmt.Fprintln(w)
}

func nsOf(r callResult) float64      { return r.ns }
func cpuOfCall(r callResult) float64 { return r.cpu }
func bytesOf(r callResult) float64   { return r.bytes }
func allocsOf(r callResult) float64  { return r.allocs }

func joinInts(xs []int) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = strconv.Itoa(x)
	}
	return strings.Join(s, ",")
}

// machine describes the CPU, memory, OS and Go version.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kib int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kib); err == nil {
			mem = fmt.Sprintf(", %.1f GiB", float64(kib)/(1<<20))
		}
	}
	goVersion := runtime.Version()
	if out, err := exec.Command("go", "env", "GOVERSION").Output(); err == nil {
		goVersion = strings.TrimSpace(string(out))
	}
	return fmt.Sprintf("machine: %d CPUs (%s)%s, %s/%s, %s", runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, goVersion)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}

// importScale measures the import step: clientgen import + clientgen (two
// processes, their wall and CPU times added, the larger peak RSS) against
// each peer generating from the same document, in rounds; with importbuild,
// the warm build of each package too.
func importScale(c *config, w io.Writer) error {
	mod := filepath.Join(c.work, "build")
	if err := buildModule(c, mod); err != nil {
		return err
	}
	dir := filepath.Join(c.work, "import")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	doc := synth.OpenAPI(c.importResources)
	docFile := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(docFile, doc, 0o644); err != nil {
		return err
	}
	ops, schemas := synth.OpenAPIShape(c.importResources)
	catalog := filepath.Join(dir, "catalog.yaml")
	pkgDir := func(tool string) string { return filepath.Join(mod, "imp", pkgName(tool)) }
	group := fmt.Sprint(ops)

	gen, imp := samples{}, samples{}
	for r := range c.rounds {
		logf("import at scale (%d operations, %.1f MB), round %d of %d (load %s)", ops, float64(len(doc))/1e6, r+1, c.rounds, loadavg())
		for _, tool := range rotate(tools, r) {
			if tool != "clientgen" {
				u, err := measure("", generator(c, tool, docFile, "", pkgDir(tool))...)
				if err != nil {
					return err
				}
				gen.add(group, tool, u)
				continue
			}
			uf, err := measure("", filepath.Join(c.bin, "libopenapifloor"), docFile)
			if err != nil {
				return err
			}
			imp.add(group, "libopenapi", uf)
			_ = os.Remove(catalog)
			ui, err := measure("", filepath.Join(c.bin, "clientgen"), "import", "-openapi", docFile, "-spec", catalog, "-package", "synthetic")
			if err != nil {
				return err
			}
			ug, err := measure("", generator(c, tool, "", catalog, pkgDir(tool))...)
			if err != nil {
				return err
			}
			imp.add(group, "import", ui)
			imp.add(group, "generate", ug)
			gen.add(group, tool, usage{wall: ui.wall + ug.wall, cpu: ui.cpu + ug.cpu, rssKiB: max(ui.rssKiB, ug.rssKiB)})
		}
	}
	if c.steps["import"] {
		catSize := int64(0)
		if st, err := os.Stat(catalog); err == nil {
			catSize = st.Size()
		}
		fmt.Fprintf(w, "### Import at scale\n\n`synth.OpenAPI(%d)`: an OpenAPI 3.0 document of %.1f MB (JSON) with %d operations and %d schemas "+
			"(allOf chains %d deep, a recursive schema per resource); the imported catalog is %.1f MB. clientgen is `clientgen import` "+
			"then `clientgen` on the catalog (two processes: wall and CPU added, the larger peak RSS); the peers generate from the document. "+
			"%d round(s).\n\n", c.importResources, float64(len(doc))/1e6, ops, schemas, synth.AllOfDepth, float64(catSize)/1e6, c.rounds)
		usageTable(w, []int{ops}, gen, "import + generate")
		linesTable(w, []int{ops}, func(_ int, tool string) string { return pkgDir(tool) })
		fmt.Fprintf(w, "clientgen's two steps:\n\n| step | wall | CPU | peak RSS |\n|---|---:|---:|---:|\n")
		for _, step := range []string{"import", "generate", "libopenapi"} {
			us := imp[group][step]
			name := step
			if step == "libopenapi" {
				name = "(libopenapi alone: read, model, each schema once)"
			}
			fmt.Fprintf(w, "| %s | %s (%s..%s) | %s | %.0f MiB |\n", name, fmtDur(median(pick(us, wallOf))),
				fmtDur(slices.Min(pick(us, wallOf))), fmtDur(slices.Max(pick(us, wallOf))),
				fmtDur(median(pick(us, cpuOf))), median(pick(us, rssOf))/1024)
		}
		fmt.Fprintf(w, "\nlibopenapi alone (`bench/peers/cmd/libopenapifloor`: what import pays before mapping anything) / peer, the same rounds:\n\n| peer | wall | CPU | peak RSS |\n|---|---:|---:|---:|\n")
		fl := imp[group]["libopenapi"]
		for _, peer := range tools[1:] {
			p := gen[group][peer]
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", peer, ratio(pick(fl, wallOf), pick(p, wallOf)),
				ratio(pick(fl, cpuOf), pick(p, cpuOf)), ratio(pick(fl, rssOf), pick(p, rssOf)))
		}
		fmt.Fprintln(w)
	}
	if !c.steps["importbuild"] {
		return nil
	}
	logf("import build: warming the cache")
	if err := goCmd(mod, []string{"GOWORK=off"}, "build", "./imp/..."); err != nil {
		return err
	}
	build := samples{}
	for r := range c.rounds {
		logf("import build, round %d of %d (load %s)", r+1, c.rounds, loadavg())
		for _, tool := range rotate(tools, r) {
			d := pkgDir(tool)
			bump := fmt.Sprintf("package %s\n\nconst peerbenchBump = %d\n", pkgName(tool), time.Now().UnixNano())
			if err := os.WriteFile(filepath.Join(d, "peerbench_bump.go"), []byte(bump), 0o644); err != nil {
				return err
			}
			u, err := measure(mod, "go", "build", "./imp/"+filepath.Base(d))
			if err != nil {
				return err
			}
			build.add(group, tool, u)
		}
	}
	fmt.Fprintf(w, "### Import at scale: build\n\n`go build` of each package generated from the document, dependencies cached, "+
		"the package changed by a constant (wall; CPU and peak RSS of go build and the compiler), %d round(s).\n\n", c.rounds)
	usageTable(w, []int{ops}, build, "build")
	return nil
}
