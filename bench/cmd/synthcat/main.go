// Command synthcat writes a synthetic catalog of -n endpoints (see package
// bench/synth) to standard output, for bench/measure.sh.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/clientgen/clientgen/bench/synth"
)

func main() {
	n := flag.Int("n", 2000, "number of endpoints")
	flag.Parse()
	if *n < 0 || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: synthcat [-n endpoints] > catalog.yaml")
		os.Exit(2)
	}
	if _, err := os.Stdout.Write(synth.Catalog(*n)); err != nil {
		fmt.Fprintln(os.Stderr, "synthcat:", err)
		os.Exit(1)
	}
}
