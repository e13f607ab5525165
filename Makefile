# ZOE NutriTech. `make run` and `make test` need only Go; PostgreSQL and Redis suites run
# when those services answer (CI requires them: ZOE_REQUIRE_SERVICES=1).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
GO ?= go
BIN := bin/zoe
TEMPL_VERSION := v0.3.1100
SQLC_VERSION := v1.31.1
HTMX_VERSION := 2.0.11
TOOLS := $(CURDIR)/bin/tools
PG_URL ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
REDIS_ADDR ?= 127.0.0.1:6379

.PHONY: run build test test-short generate check-generated tools vet fmt-check vendor-htmx clean

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
	@scripts/services-status.sh
	$(GO) vet ./...
	$(GO) test -count=1 -p 2 ./...

test-short:
	$(GO) test -short ./...

## generate: templ and sqlc code (committed), then the SQLite adapter
generate: tools
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

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); test -z "$$out" || { echo "gofmt needed: $$out"; exit 1; }

## vendor-htmx: re-pin htmx from the npm registry (a developer step; the file is committed)
vendor-htmx:
	@tmp=$$(mktemp -d); cd $$tmp && npm pack htmx.org@$(HTMX_VERSION) >/dev/null && tar xzf htmx.org-$(HTMX_VERSION).tgz && \
	  cp package/dist/htmx.min.js $(CURDIR)/static/vendor/htmx-$(HTMX_VERSION).min.js
	sha256sum static/vendor/htmx-$(HTMX_VERSION).min.js | tee static/vendor/SHA256SUMS

clean:
	rm -rf bin
