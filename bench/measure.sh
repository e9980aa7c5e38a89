#!/bin/sh
# measure.sh prints the whole-process figures of BENCHMARKS.md:
#
#   - the clientgen process generating synthetic catalogs of 400 and 2,000
#     endpoints into an empty directory, and once more into an up-to-date
#     one (elapsed time, peak RSS and CPU time, medians of RUNS runs);
#   - the lines of generated code per endpoint, both flavours (client_gen.go,
#     async_gen.go and operations_gen.go), types and runtime excluded;
#   - `go build` of the 2,000-endpoint package with its dependencies cached,
#     the package itself rebuilt after a constant in it changed (elapsed time,
#     peak RSS of the go command or the compiler, whichever is larger, and CPU
#     time of both, medians of RUNS runs).
#
# Run it from the repository root: sh bench/measure.sh (or make bench).
# RUNS=n sets the number of runs (default 6); BUILD=0 skips the builds,
# which take minutes. Needs GNU time at /usr/bin/time (Debian: apt-get
# install time).
set -eu

RUNS=${RUNS:-6}
BUILD=${BUILD:-1}
TIME=/usr/bin/time
if ! [ -x "$TIME" ]; then
	echo "measure.sh: $TIME is missing (apt-get install time)" >&2
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median reads numbers, one a line, and prints their median.
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# timed FILE CMD... runs CMD and appends "elapsed-s max-RSS-KiB user-s sys-s"
# to FILE.
timed() {
	out=$1
	shift
	"$TIME" -o "$tmp/time" -f '%e %M %U %S' "$@" >/dev/null
	tail -n 1 "$tmp/time" >>"$out"
}

# report LABEL FILE prints the medians of FILE's columns: elapsed time (and
# its minimum), peak RSS, and CPU time (user + system).
report() {
	s=$(cut -d' ' -f1 "$2" | median)
	min=$(cut -d' ' -f1 "$2" | sort -n | head -n 1)
	kib=$(cut -d' ' -f2 "$2" | median)
	cpu=$(awk '{ print $3 + $4 }' "$2" | median)
	awk -v l="$1" -v s="$s" -v min="$min" -v k="$kib" -v c="$cpu" -v n="$(wc -l <"$2")" \
		'BEGIN { printf "%-42s %6.2f s (min %5.2f) %7.1f MiB %6.2f s CPU  (medians of %d)\n", l, s, min, k / 1024, c, n }'
}

go build -o "$tmp/clientgen" ./cmd/clientgen
go build -o "$tmp/synthcat" ./bench/cmd/synthcat
echo "go: $(go version | cut -d' ' -f3-)   cpus: $(nproc)   load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

echo "== clientgen process (/usr/bin/time, $RUNS runs each)"
for n in 400 2000; do
	"$tmp/synthcat" -n $n >"$tmp/c$n.yaml"
	: >"$tmp/gen$n"
	: >"$tmp/same$n"
	for _ in $(seq "$RUNS"); do
		rm -rf "$tmp/out$n"
		timed "$tmp/gen$n" "$tmp/clientgen" -spec "$tmp/c$n.yaml" -out "$tmp/out$n"
		timed "$tmp/same$n" "$tmp/clientgen" -spec "$tmp/c$n.yaml" -out "$tmp/out$n"
	done
	report "generate $n endpoints, empty directory" "$tmp/gen$n"
	report "generate $n endpoints, output up to date" "$tmp/same$n"
done
echo

echo "== generated lines per endpoint (types and runtime excluded)"
printf '%-10s %8s %8s %8s %8s %10s %10s %10s\n' endpoints client async ops total per-ep types runtime
for n in 40 400 2000; do
	if ! [ -d "$tmp/out$n" ]; then
		"$tmp/synthcat" -n $n >"$tmp/c$n.yaml"
		"$tmp/clientgen" -spec "$tmp/c$n.yaml" -out "$tmp/out$n"
	fi
	d=$tmp/out$n
	# Large catalogs split a file kind into shards: NAME_gen.go, NAME_2_gen.go, ...
	cl=$(cat "$d"/client_gen.go "$d"/client_[0-9]*_gen.go 2>/dev/null | wc -l)
	as=$(cat "$d"/async_gen.go "$d"/async_[0-9]*_gen.go 2>/dev/null | wc -l)
	op=$(cat "$d"/operations_gen.go "$d"/operations_[0-9]*_gen.go 2>/dev/null | wc -l)
	ty=$(cat "$d"/types_gen.go "$d"/types_[0-9]*_gen.go 2>/dev/null | wc -l)
	rt=$(cat "$d"/rt_*_gen.go | wc -l)
	awk -v n=$n -v c=$cl -v a=$as -v o=$op -v t=$ty -v r=$rt \
		'BEGIN { printf "%-10d %8d %8d %8d %8d %10.1f %10d %10d\n", n, c, a, o, c + a + o, (c + a + o) / n, t, r }'
done
echo

if [ "$BUILD" = 0 ]; then
	exit 0
fi
echo "== go build of the 2,000-endpoint package ($RUNS runs, dependencies cached)"
mod=$tmp/mod
mkdir -p "$mod"
cp -r "$tmp/out2000" "$mod/synthetic"
printf 'module example.com/synthbuild\n\ngo 1.26\n' >"$mod/go.mod"
bump() { printf 'package synthetic\n\nconst buildBump = %d\n' "$1" >"$mod/synthetic/bump.go"; }
bump 0
(cd "$mod" && GOWORK=off GOFLAGS= go build ./synthetic) # warm: the standard library is cached
: >"$tmp/build"
for i in $(seq "$RUNS"); do
	bump "$i"
	(cd "$mod" && GOWORK=off GOFLAGS= timed "$tmp/build" go build ./synthetic)
done
report "go build, package changed" "$tmp/build"
echo "lines in the package: $(cat "$mod"/synthetic/*.go | wc -l)"

# The share of the generated JSON codec: the same build without its files
# (the runtime falls back to encoding/json when a type has no codec methods).
if [ -f "$mod/synthetic/codec_gen.go" ]; then
	echo "codec files: $(cat "$mod"/synthetic/codec_gen.go "$mod"/synthetic/codec_[0-9]*_gen.go 2>/dev/null | wc -l) lines"
	mkdir -p "$tmp/codec"
	mv "$mod"/synthetic/codec_gen.go "$mod"/synthetic/codec_[0-9]*_gen.go "$tmp/codec/" 2>/dev/null || true
	: >"$tmp/build-nocodec"
	for i in $(seq "$RUNS"); do
		bump "$((i + 1000))"
		(cd "$mod" && GOWORK=off GOFLAGS= timed "$tmp/build-nocodec" go build ./synthetic)
	done
	report "go build, package changed, no codec files" "$tmp/build-nocodec"
fi
