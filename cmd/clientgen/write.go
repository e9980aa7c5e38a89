package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/clientgen/clientgen/templates"
)

// tempName matches the temporary files writeDir creates beside their
// targets (os.CreateTemp with the pattern "."+name+".*.tmp"): a run that
// was interrupted leaves them behind, and the next run removes them.
var tempName = regexp.MustCompile(`^\..+` + regexp.QuoteMeta(templates.Suffix) + `\.[0-9]+\.tmp$`)

// dirState is what an output directory holds of clientgen's.
type dirState struct {
	// owned are the files clientgen may replace or delete: those named
	// *_gen.go whose first line is the generated-code header. A
	// hand-written file that happens to share the suffix is left alone.
	owned map[string][]byte
	// temps are temporary files left by an interrupted run, sorted.
	temps []string
}

// readDir reads what dir holds of clientgen's; a missing dir holds nothing.
func readDir(dir string) (dirState, error) {
	st := dirState{owned: map[string][]byte{}}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return st, err
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if tempName.MatchString(e.Name()) {
			st.temps = append(st.temps, e.Name())
			continue
		}
		if !strings.HasSuffix(e.Name(), templates.Suffix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return st, err
		}
		if bytes.HasPrefix(data, []byte(templates.Header+"\n")) {
			st.owned[e.Name()] = data
		}
	}
	return st, nil
}

// checkTargets returns an error when a file to be generated exists in dir
// but is not clientgen's to replace: not a regular file, or one without
// the generated-code header. Nothing may be written then.
func checkTargets(dir string, st dirState, files []templates.File) error {
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file; remove it and run clientgen again", path)
		}
		if _, ok := st.owned[f.Name]; !ok {
			return fmt.Errorf("%s exists but was not written by clientgen (its first line is not %q); clientgen never overwrites such a file: move or rename it, then run clientgen again", path, templates.Header)
		}
	}
	return nil
}

// checkDir compares files with dir without writing, printing a short
// unified diff per difference to w. It reports whether dir is stale:
// a file differs, is missing or is no longer generated, or a temporary
// file of an interrupted run is left.
func checkDir(dir string, files []templates.File, w io.Writer) (bool, error) {
	st, err := readDir(dir)
	if err != nil {
		return false, err
	}
	if err := checkTargets(dir, st, files); err != nil {
		return false, err
	}
	owned := st.owned
	stale := false
	for _, name := range st.temps {
		stale = true
		fmt.Fprintf(w, "%s: temporary file of an interrupted run (would be removed)\n", filepath.Join(dir, name))
	}
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		old, err := os.ReadFile(path)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		delete(owned, f.Name)
		if bytes.Equal(old, f.Data) {
			continue
		}
		stale = true
		if old == nil {
			fmt.Fprintf(w, "%s: missing\n", path)
			continue
		}
		fmt.Fprintf(w, "%s: differs\n", path)
		io.WriteString(w, unifiedDiff(path, string(old), string(f.Data), maxDiffLines))
	}
	for _, name := range sortedKeys(owned) {
		stale = true
		fmt.Fprintf(w, "%s: no longer generated (would be removed)\n", filepath.Join(dir, name))
	}
	return stale, nil
}

// errInterrupted is what writeDir returns when its interrupt hook stopped it.
var errInterrupted = errors.New("interrupted")

// writeDir brings dir in line with files; see writer.
func writeDir(dir string, files []templates.File) error {
	return writer{}.write(dir, files)
}

// writer brings an output directory in line with the rendered files.
// First it checks every target and changes nothing when one is not
// clientgen's to replace. Then it removes temporary files an interrupted
// run left, writes each changed file to a temporary file beside its target
// and, only when all of them are written, renames them into place, and
// last removes the generated files the catalog no longer produces. Files
// whose bytes did not change are not touched.
//
// A run killed at any point leaves a directory that the next run repairs
// and that -check reports as stale until then: temporary files are
// removed by name, and any target still old, or stale file still present,
// differs from what is rendered.
type writer struct {
	// interrupt, when not nil, is asked before each step of the write
	// (described as "create NAME", "write NAME", "rename NAME", "remove
	// NAME") whether to stop there, as a killed process would: without
	// cleaning up, after writing half the file at a "write" step.
	interrupt func(step string) bool
}

// stop reports whether the write is to stop before step.
func (wr writer) stop(step string) bool {
	return wr.interrupt != nil && wr.interrupt(step)
}

func (wr writer) write(dir string, files []templates.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	st, err := readDir(dir)
	if err != nil {
		return err
	}
	if err := checkTargets(dir, st, files); err != nil {
		return err
	}
	owned := st.owned
	for _, name := range st.temps {
		if wr.stop("remove " + name) {
			return errInterrupted
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	type staged struct{ tmp, path, name string }
	var todo []staged
	cleanup := func(err error) error {
		for _, s := range todo {
			os.Remove(s.tmp)
		}
		return err
	}
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		old, inDir := owned[f.Name]
		delete(owned, f.Name)
		if inDir && bytes.Equal(old, f.Data) {
			continue
		}
		if wr.stop("create " + f.Name) {
			return errInterrupted
		}
		tmp, err := os.CreateTemp(dir, "."+f.Name+".*.tmp")
		if err != nil {
			return cleanup(err)
		}
		todo = append(todo, staged{tmp.Name(), path, f.Name})
		if wr.stop("write " + f.Name) {
			tmp.Write(f.Data[:len(f.Data)/2])
			tmp.Close()
			return errInterrupted
		}
		_, werr := tmp.Write(f.Data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return cleanup(err)
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return cleanup(err)
		}
	}
	for i, s := range todo {
		if wr.stop("rename " + s.name) {
			return errInterrupted
		}
		if err := os.Rename(s.tmp, s.path); err != nil {
			todo = todo[i:]
			return cleanup(err)
		}
	}
	for _, name := range sortedKeys(owned) {
		if wr.stop("remove " + name) {
			return errInterrupted
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	return nil
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
