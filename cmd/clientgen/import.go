package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/clientgen/clientgen/openapi"
	"github.com/clientgen/clientgen/spec"
)

// runImport is `clientgen import -openapi DOC -spec CATALOG`.
func runImport(args []string, stderr io.Writer) int {
	fset := flag.NewFlagSet("clientgen import", flag.ContinueOnError)
	fset.SetOutput(stderr)
	doc := fset.String("openapi", "", "OpenAPI or Swagger `document` to read (JSON or YAML)")
	out := fset.String("spec", "", "catalog `file` to write")
	pkg := fset.String("package", "", "Go package `name` (default: derived from info.title)")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fset.NArg() > 0 || *doc == "" || *out == "" {
		fmt.Fprintln(stderr, "clientgen import: usage: clientgen import -openapi DOC -spec CATALOG [-package NAME]")
		return 2
	}
	if *pkg != "" {
		if err := spec.ValidatePackageName(*pkg); err != nil {
			fmt.Fprintf(stderr, "clientgen import: -package %q %v\n", *pkg, err)
			return 2
		}
	}
	data, err := os.ReadFile(*doc)
	if err != nil {
		fmt.Fprintf(stderr, "clientgen import: %v\n", err)
		return 1
	}
	name := filepath.ToSlash(filepath.Clean(*doc))
	res, err := openapi.Import(data, openapi.Options{Doc: name, BaseDir: filepath.Dir(*doc), Package: *pkg})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(stderr, w.Format(name))
	}
	if err := writeCatalog(*out, res, stderr); err != nil {
		fmt.Fprintf(stderr, "clientgen import: %v\n", err)
		return 1
	}
	return 0
}

// writeCatalog writes the imported catalog to path, atomically. An
// existing catalog is merged with it (Result.Merge keeps its hand edits)
// and the changes are summarised on stderr. Only a catalog that import
// wrote before (its first line is openapi.Header) is merged: a
// hand-written catalog is never replaced.
func writeCatalog(path string, fresh *openapi.Result, stderr io.Writer) error {
	old, err := os.ReadFile(path)
	switch {
	case err == nil:
		if !openapi.Imported(old) {
			return fmt.Errorf("%s exists and was not written by clientgen import (its first line is not %q); it is left alone: choose another -spec or remove it", path, strings.TrimSpace(openapi.Header)+" …")
		}
	case errors.Is(err, fs.ErrNotExist):
		old = nil
	default:
		return err
	}
	data, sum, err := fresh.Merge(path, old)
	if err != nil {
		return err
	}
	if old == nil {
		fmt.Fprintf(stderr, "%s: imported %d endpoints and %d types\n", path, len(sum.EndpointsAdded), len(sum.TypesAdded))
	} else {
		for _, l := range sum.Lines() {
			fmt.Fprintf(stderr, "%s: %s\n", path, l)
		}
		if bytes.Equal(old, data) {
			return nil
		}
	}
	return writeAtomic(path, data)
}

// writeAtomic writes data to path through a temporary file and a rename.
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
