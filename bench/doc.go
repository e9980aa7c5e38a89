// Package bench holds clientgen's benchmarks: the generator on synthetic
// catalogs of 40, 400 and 2,000 endpoints (this package, with the catalogs
// built by bench/synth), the per-call cost of a generated client against
// hand-written net/http code (bench/client), and measure.sh, which times the
// whole clientgen process and the build of a 2,000-endpoint package.
// BENCHMARKS.md at the repository root has the figures and the commands.
package bench
