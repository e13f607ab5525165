# ZOE NutriTech. `make run` and `make test` need only Go; PostgreSQL and Redis suites run
# when those services answer (CI requires them: ZOE_REQUIRE_SERVICES=1).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/zoe
TEMPL_VERSION := v0.3.1100
SQLC_VERSION := v1.31.1
# staticcheck 2026.2.2 (module v0.8.2) supports Go 1.26
STATICCHECK_VERSION := v0.8.2
HTMX_VERSION := 2.0.11
TOOLS := $(CURDIR)/bin/tools
PG_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
REDIS_ADDR ?= 127.0.0.1:6379

.PHONY: eval-chat run build test test-short generate check-generated tools vet lint fmt-check vendor-htmx clean bench bench-go bench-load bench-quick bench-compare fuzz

## run: build, migrate, load the food table and WFP prices, seed demo data, serve http://127.0.0.1:8080
run: build
	@mkdir -p data
	$(BIN) migrate up
	$(BIN) import foods
	$(BIN) import prices --bundled --if-empty
	$(BIN) seed-demo
	$(BIN) serve

build:
	$(GO) build -o $(BIN) ./cmd/zoe

## test: every suite this machine can run; says which were skipped and why
test:
	@internal/scripts/services-status.sh
	$(GO) vet ./...
	$(GO) test -count=1 -p 2 -timeout 30m ./...

test-short:
	$(GO) test -short ./...

## bench: Go benchmarks of the hot paths, then the load run against a real server on loopback
## (SQLite; PostgreSQL + Redis) at 10, 100 and 1000 synthetic patients; reports in docs/bench/results/
BENCH_DATE := $(shell date +%F)
# backup (minutes: real dumps) and handlers (1,000-patient PostgreSQL fixtures) are left to
# `make bench-go BENCH_SKIP=`; the load run measures the pages end to end.
BENCH_SKIP ?= backup/ handlers/
BENCH_PKGS = $(filter-out $(BENCH_SKIP),$(sort $(dir $(shell grep -l '^func Benchmark' $$(git ls-files '*_test.go')))))
# -profile: CPU and allocation profiles of each hot page at the largest scale, beside the reports.
BENCH_FLAGS ?= -profile
bench: bench-go bench-load

bench-go:
	@mkdir -p docs/bench/results
	$(GO) test -run '^$$' -bench . -benchtime 200ms -benchmem $(addprefix ./,$(BENCH_PKGS)) | tee docs/bench/results/$(BENCH_DATE)-go.txt

bench-load: build
	$(GO) run ./cmd/zoe-bench -bin $(BIN) $(BENCH_FLAGS)

## bench-quick: a smoke run of the load run (30 patients, 14 days, 1 s per endpoint, both engines)
bench-quick: build
	$(GO) run ./cmd/zoe-bench -bin $(BIN) -quick -out $${TMPDIR:-/tmp}/zoe-bench-quick $(BENCH_FLAGS)

## bench-compare A=docs/bench/results/x.md B=docs/bench/results/y.md: compare two load runs
bench-compare:
	$(GO) run ./cmd/benchcompare $(A) $(B)

## fuzz: each fuzz target for a few seconds (FUZZTIME), one after the other (CI runs it)
FUZZTIME ?= 10s
fuzz:
	@internal/scripts/fuzz.sh $(FUZZTIME)

## eval-chat: the assistant: NLU intent/entity accuracy, development answer set, held-out test set by category
eval-chat:
	$(GO) run ./cmd/eval-chat

## generate: each engine's migrations from db/migrations/*.sql, templ and sqlc code (committed), then the SQLite adapter
generate: tools
	$(GO) run ./db/internal/migrategen
	$(TOOLS)/templ generate -path views
	$(TOOLS)/sqlc generate
	$(GO) run ./db/internal/adaptergen

## check-generated: fails when generated code is stale (CI)
check-generated: generate
	@git diff --exit-code -- views db || { echo "generated code is stale: run make generate and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- views db)" || { git status --porcelain -- views db; echo "generated files not committed"; exit 1; }

tools: $(TOOLS)/templ $(TOOLS)/sqlc
$(TOOLS)/templ:
	GOBIN=$(TOOLS) $(GO) install github.com/a-h/templ/cmd/templ@$(TEMPL_VERSION)
$(TOOLS)/sqlc:
	GOBIN=$(TOOLS) $(GO) install github.com/sqlc-dev/sqlc/cmd/sqlc@$(SQLC_VERSION)

vet:
	$(GO) vet ./...

## lint: staticcheck's default checks (pinned; CI runs it after fmt-check)
lint: $(TOOLS)/staticcheck
	$(TOOLS)/staticcheck ./...
$(TOOLS)/staticcheck:
	GOBIN=$(TOOLS) $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }

## vendor-htmx: re-pin htmx from the npm registry (a developer step; the file is committed)
vendor-htmx:
	@tmp=$$(mktemp -d); cd $$tmp && npm pack htmx.org@$(HTMX_VERSION) >/dev/null && tar xzf htmx.org-$(HTMX_VERSION).tgz && \
	  cp package/dist/htmx.min.js $(CURDIR)/static/vendor/htmx-$(HTMX_VERSION).min.js
	sha256sum static/vendor/htmx-$(HTMX_VERSION).min.js | tee static/vendor/SHA256SUMS

clean:
	rm -rf bin
