# rulec's two entry points for a fresh machine (see README.md):
#   make convert   build rulec, convert the bundled rules/ into every target
#                  under out/, and check every sample log through every backend
#   make test      the whole test suite (what CI runs)

GO      ?= go
TAGS    ?= duckdb
RULEC   := bin/rulec

.PHONY: all build convert test vet fmt-check fuzz bench rules difftest clean

all: convert

build:
	$(GO) build -tags '$(TAGS)' -o $(RULEC) ./cmd/rulec

convert: build
	rm -rf out
	$(RULEC) convert --to ir -o out/ir rules/
	$(RULEC) convert --to kql --format kibana-ndjson -o out/kibana rules/
	$(RULEC) convert --to go --go-package matchers -o out/go rules/
	$(RULEC) test -q rules/

test: vet fmt-check node_modules
	$(GO) test -tags '$(TAGS)' ./...

vet:
	$(GO) vet -tags '$(TAGS)' ./...

fmt-check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

# Long fuzzing runs, one target after another (FUZZTIME per target).
FUZZTIME ?= 5m
FUZZ_TARGETS ?= FuzzParseCondition FuzzReadPage
fuzz:
	for t in $(FUZZ_TARGETS); do \
		$(GO) test ./parser -run '^$$' -fuzz "^$$t\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done
	$(GO) test -tags '$(TAGS)' ./internal/difftest -run '^$$' -fuzz '^FuzzDifferential$$' -fuzztime $(FUZZTIME)

# Parse and lower the whole corpus (rules/, and ../shared pages when present).
bench:
	$(GO) test ./parser -run '^$$' -bench . -benchmem

# Re-import rules/ from the shared catalog pages (after a page-reader change);
# rules/ changes only when the whole import succeeds.
SHARED ?= ../shared
rules: build
	rm -rf out/rules.new
	$(RULEC) import $(SHARED)/seeds $(SHARED)/corpus/panther -o out/rules.new
	rm -f rules/*.yml
	mv out/rules.new/*.yml rules/
	rm -rf out/rules.new

# Long differential run: DIFF_N random rules from DIFF_SEED through ir.Eval and
# every backend (make test runs 300 from seed 1). Disagreements are minimised
# into internal/difftest/testdata/regress/.
DIFF_N    ?= 100000
DIFF_SEED ?= 1
difftest:
	DIFF_N=$(DIFF_N) DIFF_SEED=$(DIFF_SEED) $(GO) test -tags '$(TAGS)' ./internal/difftest -run '^TestDifferential$$' -v -timeout 0

clean:
	rm -rf bin out

# dt-sql-parser (Trino's grammar) for the Athena backend's grammar check;
# installed from the committed package-lock.json before the tests run.
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch node_modules
