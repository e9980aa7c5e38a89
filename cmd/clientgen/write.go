package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/clientgen/clientgen/templates"
)

// ownedFiles lists the files in dir that clientgen may replace or delete:
// those named *_gen.go whose first line is the generated-code header. A
// hand-written file that happens to share the suffix is left alone.
func ownedFiles(dir string) (map[string][]byte, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]byte{}, nil
	}
	if err != nil {
		return nil, err
	}
	owned := map[string][]byte{}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), templates.Suffix) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		if bytes.HasPrefix(data, []byte(templates.Header+"\n")) {
			owned[e.Name()] = data
		}
	}
	return owned, nil
}

// checkDir compares files with dir without writing, printing a short
// unified diff per difference to w. It reports whether dir is stale.
func checkDir(dir string, files []templates.File, w io.Writer) (bool, error) {
	owned, err := ownedFiles(dir)
	if err != nil {
		return false, err
	}
	stale := false
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

// writeDir brings dir in line with files. Changed files are first written
// to temporary files beside their targets; only when all of them are
// written are they renamed into place, and then stale generated files are
// removed. Files whose bytes did not change are not touched.
func writeDir(dir string, files []templates.File) (err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	owned, err := ownedFiles(dir)
	if err != nil {
		return err
	}
	type staged struct{ tmp, path string }
	var todo []staged
	defer func() {
		if err != nil {
			for _, s := range todo {
				os.Remove(s.tmp)
			}
		}
	}()
	for _, f := range files {
		path := filepath.Join(dir, f.Name)
		delete(owned, f.Name)
		if st, err := os.Lstat(path); err == nil && !st.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file; remove it and run clientgen again", path)
		}
		if old, rerr := os.ReadFile(path); rerr == nil && bytes.Equal(old, f.Data) {
			continue
		}
		tmp, err := os.CreateTemp(dir, "."+f.Name+".*.tmp")
		if err != nil {
			return err
		}
		todo = append(todo, staged{tmp.Name(), path})
		_, werr := tmp.Write(f.Data)
		cerr := tmp.Close()
		if err := errors.Join(werr, cerr); err != nil {
			return err
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			return err
		}
	}
	for i, s := range todo {
		if err := os.Rename(s.tmp, s.path); err != nil {
			todo = todo[i:]
			return err
		}
	}
	todo = nil
	for _, name := range sortedKeys(owned) {
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
