package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"

	"github.com/clientgen/clientgen/spec"
	"github.com/clientgen/clientgen/templates"
)

// run is the whole command, without process globals: it parses args,
// renders the catalog, and checks or writes the output directory.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "import" {
		return runImport(args[1:], stderr)
	}
	fs := flag.NewFlagSet("clientgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	specPath := fs.String("spec", "spec/endpoints.yaml", "catalog `file` to read")
	out := fs.String("out", "generated", "`directory` of the generated package")
	pkg := fs.String("package", "", "Go package `name` (default: the catalog's client.package)")
	check := fs.Bool("check", false, "compare with the output directory, print a diff, exit 1 when stale; write nothing")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "clientgen: unexpected arguments %q (flags only; see -h)\n", fs.Args())
		return 2
	}
	if *pkg != "" {
		if err := spec.ValidatePackageName(*pkg); err != nil {
			fmt.Fprintf(stderr, "clientgen: -package %q %v\n", *pkg, err)
			return 2
		}
	}

	files, err := generate(*specPath, *pkg)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if *check {
		stale, err := checkDir(*out, files, stdout)
		if err != nil {
			fmt.Fprintf(stderr, "clientgen: %v\n", err)
			return 1
		}
		if stale {
			fmt.Fprintf(stderr, "clientgen: %s is stale; run clientgen -spec %s -out %s\n", *out, *specPath, *out)
			return 1
		}
		return 0
	}
	if err := writeDir(*out, files); err != nil {
		fmt.Fprintf(stderr, "clientgen: %v\n", err)
		return 1
	}
	return 0
}

// generate loads, validates and renders the catalog at path.
func generate(path, pkg string) ([]templates.File, error) {
	m, err := spec.Load(filepath.ToSlash(filepath.Clean(path)))
	if err != nil {
		return nil, err
	}
	if pkg != "" {
		m.Client.Package = pkg
	}
	return templates.Render(m)
}
