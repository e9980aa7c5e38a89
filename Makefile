# Every target runs with only what go.mod brings: tools come through `go tool`.
GO ?= go

.PHONY: all generate check test lint fuzz bench bench-peers

all: test

# Regenerate the checked-in packages: generated/ from spec/endpoints.yaml,
# and the benchmark client from bench/catalog.yaml.
generate:
	$(GO) run ./cmd/clientgen
	$(GO) run ./cmd/clientgen -spec bench/catalog.yaml -out bench/client

# Fail when a checked-in package is stale (renders in memory, writes nothing).
check:
	$(GO) run ./cmd/clientgen -check
	$(GO) run ./cmd/clientgen -spec bench/catalog.yaml -out bench/client -check

# What CI runs: vet, the drift check, and every test with the race detector.
test: check
	$(GO) vet ./...
	$(GO) test -race ./...

# staticcheck, pinned by the tool directive in go.mod.
lint:
	$(GO) tool staticcheck ./...

# Every fuzz target of the generator and the runtime, FUZZTIME each.
FUZZTIME ?= 60s
FUZZPKGS := ./spec ./templates ./templates/rt
fuzz:
	@set -e; for pkg in $(FUZZPKGS); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test $$pkg -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 5s; \
		done; \
	done

# Every benchmark, 6 runs each (BENCHMARKS.md has the medians), then the
# whole-process figures: the clientgen process on 2,000 endpoints, generated
# lines per endpoint, and the build of the generated package.
bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./bench/...
	sh bench/measure.sh

# Side by side with oapi-codegen and ogen (bench/peers, a module of its own,
# so the main module gains no dependency): generation, build and per-call
# figures, interleaved in ROUNDS rounds on catalogs of SIZES endpoints;
# prints the markdown tables of BENCHMARKS.md. ROUNDS=1 SIZES=40 is a quick
# smoke run.
ROUNDS ?= 3
SIZES ?= 40 400 2000
BENCHTIME ?= 1s
bench-peers:
	cd bench/peers && $(GO) run ./cmd/peerbench -rounds $(ROUNDS) -sizes "$(SIZES)" -benchtime $(BENCHTIME)
