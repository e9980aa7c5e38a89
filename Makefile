# Every target runs with only what go.mod brings: tools come through `go tool`.
GO ?= go

.PHONY: all generate check test lint fuzz bench

all: test

# Regenerate generated/ from spec/endpoints.yaml.
generate:
	$(GO) run ./cmd/clientgen

# Fail when generated/ is stale (renders in memory, writes nothing).
check:
	$(GO) run ./cmd/clientgen -check

# What CI runs: vet, the drift check, and every test with the race detector.
test:
	$(GO) vet ./...
	$(GO) run ./cmd/clientgen -check
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
