# Every target runs with only what go.mod brings: tools come through `go tool`.
GO ?= go

.PHONY: all generate check test test-real test-corpus lint fuzz bench bench-peers bench-import

# Example modules under examples/, each a Go module with a catalog and its
# generated client (DIR/CATALOG:OUT, as in its go:generate line).
# EXAMPLES_OFFLINE need nothing but the module proxy, so `make test` runs
# their tests; the others start servers installed from apt or npm
# (`make test-real`).
EXAMPLE_CLIENTS := httpbin/httpbin.yaml:httpbinclient httpbin/basicauth.yaml:basicauth httpbin/apikey.yaml:apikey prism/notes.yaml:notesclient prism/shop.yaml:shopclient prometheus/prometheus.yaml:prometheusclient
EXAMPLES := $(sort $(foreach c,$(EXAMPLE_CLIENTS),$(firstword $(subst /, ,$(c)))))
EXAMPLES_OFFLINE := httpbin
CLIENTGEN := github.com/clientgen/clientgen/cmd/clientgen

all: test

# Regenerate the checked-in packages: generated/ from spec/endpoints.yaml,
# and the benchmark client from bench/catalog.yaml.
generate:
	$(GO) run ./cmd/clientgen
	$(GO) run ./cmd/clientgen -spec bench/catalog.yaml -out bench/client
	$(GO) run ./cmd/clientgen -spec openapi/ktrdrimport/ktrdr.yaml -out openapi/ktrdrimport
	@set -e; for ex in $(EXAMPLES); do (cd examples/$$ex && $(GO) generate ./...); done

# Fail when a checked-in package is stale (renders in memory, writes nothing).
check:
	$(GO) run ./cmd/clientgen -check
	$(GO) run ./cmd/clientgen -spec bench/catalog.yaml -out bench/client -check
	$(GO) run ./cmd/clientgen -spec openapi/ktrdrimport/ktrdr.yaml -out openapi/ktrdrimport -check
	@set -e; for c in $(EXAMPLE_CLIENTS); do \
		dir=$${c%%/*}; spec=$${c#*/}; spec=$${spec%%:*}; out=$${c##*:}; \
		echo "examples/$$dir: clientgen -spec $$spec -out $$out -check"; \
		(cd examples/$$dir && $(GO) run $(CLIENTGEN) -spec $$spec -out $$out -check); \
	done

# What CI runs: vet, the drift check, and every test with the race detector.
# The examples run first, so that the module's own test run closes the output.
test: check
	@set -e; for ex in $(EXAMPLES); do (cd examples/$$ex && $(GO) vet ./...); done
	@set -e; for ex in $(EXAMPLES_OFFLINE); do (cd examples/$$ex && $(GO) test -race ./...); done
	$(GO) vet ./...
	$(GO) test -race ./...

# The examples against real servers: installs Prometheus (apt) and Prism
# (npm) when missing, then runs every example's tests with -v; each test
# package starts and stops its own server.
test-real:
	GO=$(GO) examples/test-real.sh

# The public corpus: installs npm @readme/oas-examples (OAS_EXAMPLES_VERSION)
# into CORPUS_DIR, a scratch directory outside the repository, then imports,
# generates, vets and builds every OpenAPI and Swagger document in it
# (cmd/clientgen TestCorpus; docs/import.md lists the ones that cannot).
OAS_EXAMPLES_VERSION ?= 8.2.2
CORPUS_DIR ?= $(or $(TMPDIR),/tmp)/clientgen-oas-corpus
test-corpus:
	@if [ "$$(cat $(CORPUS_DIR)/node_modules/@readme/oas-examples/package.json 2>/dev/null | sed -n 's/.*"version": "\(.*\)".*/\1/p')" != "$(OAS_EXAMPLES_VERSION)" ]; then \
		echo "== npm install @readme/oas-examples@$(OAS_EXAMPLES_VERSION) into $(CORPUS_DIR)"; \
		mkdir -p $(CORPUS_DIR) && npm install --no-save --no-audit --no-fund --loglevel=error --prefix $(CORPUS_DIR) "@readme/oas-examples@$(OAS_EXAMPLES_VERSION)"; \
	fi
	CLIENTGEN_OAS_CORPUS=$(CORPUS_DIR)/node_modules/@readme/oas-examples $(GO) test -count=1 -timeout 30m -run '^TestCorpus$$' -v ./cmd/clientgen

# staticcheck, pinned by the tool directive in go.mod, on the module and the examples.
lint:
	$(GO) tool staticcheck ./...
	@sc=$$($(GO) tool -n staticcheck); set -e; for ex in $(EXAMPLES); do (cd examples/$$ex && $$sc ./...); done

# Every fuzz target of the generator and the runtime, FUZZTIME each: a
# duration, or a count of inputs such as 200000x, which go1.26's fuzzing
# coordinator cannot fail with a spurious "context deadline exceeded" on a
# loaded machine (golang/go#75804, fixed in Go 1.27).
FUZZTIME ?= 60s
FUZZPKGS := ./spec ./openapi ./templates ./templates/rt
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

# Import at scale (BENCHMARKS.md): clientgen import + generate against the
# peers on one OpenAPI document of RESOURCES resources (5 operations and 12
# schemas each; 400 make 2,000 operations and 11.3 MB), in ROUNDS rounds,
# then one round of builds of the three packages.
RESOURCES ?= 400
bench-import:
	cd bench/peers && $(GO) run ./cmd/peerbench -rounds $(ROUNDS) -steps import -import-resources $(RESOURCES)
	cd bench/peers && $(GO) run ./cmd/peerbench -rounds 1 -steps importbuild -import-resources $(RESOURCES)
