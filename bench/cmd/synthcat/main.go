// Command synthcat writes a synthetic catalog of -n endpoints (see package
// bench/synth) to standard output, for bench/measure.sh; with -openapi R,
// a large OpenAPI document of R resources (synth.OpenAPI) instead.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/clientgen/clientgen/bench/synth"
)

func main() {
	n := flag.Int("n", 2000, "number of endpoints")
	resources := flag.Int("openapi", 0, "write an OpenAPI document of this many resources (5 operations each) instead")
	flag.Parse()
	if *n < 0 || *resources < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: synthcat [-n endpoints] > catalog.yaml\n       synthcat -openapi resources > openapi.json")
		os.Exit(2)
	}
	out := synth.Catalog(*n)
	if *resources > 0 {
		out = synth.OpenAPI(*resources)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintln(os.Stderr, "synthcat:", err)
		os.Exit(1)
	}
}
