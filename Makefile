# rulec's two entry points for a fresh machine (see README.md):
#   make convert   build rulec, convert the bundled rules/ into every target
#                  under out/, and check every sample log through every backend
#   make test      the whole test suite (what CI runs)

GO      ?= go
TAGS    ?= duckdb
RULEC   := bin/rulec

.PHONY: all build convert test vet fmt-check fuzz bench rules difftest clean python-lark

all: convert

build:
	$(GO) build -tags '$(TAGS)' -o $(RULEC) ./cmd/rulec

# Every target, one directory each; rules a target cannot express exactly are
# listed as warnings (file:line:col) and left out of that target only.
convert: build
	rm -rf out
	$(RULEC) convert --to ir -o out/ir rules/
	$(RULEC) convert --to sigma --skip-unsupported -o out/sigma rules/
	$(RULEC) convert --to kql --skip-unsupported -o out/kql rules/
	$(RULEC) convert --to kql --kql-fields ecs --skip-unsupported -o out/kql-ecs rules/
	$(RULEC) convert --to kql --format kibana-ndjson --skip-unsupported -o out/kibana rules/
	$(RULEC) convert --to athena --skip-unsupported -o out/athena rules/
	$(RULEC) convert --to go --go-package matchers -o out/go rules/
	$(RULEC) convert --to kusto --skip-unsupported -o out/kusto rules/
	$(RULEC) convert --to kusto --kusto-fields sentinel --format sentinel-arm --skip-unsupported -o out/sentinel rules/
	$(RULEC) convert --to kusto --format table -o out/kusto/tables rules/
	for p in cloudtrail s3access json; do $(RULEC) convert --to athena --ddl $$p -o out/athena/ddl || exit 1; done
	$(RULEC) test -q rules/

test: vet fmt-check node_modules python-lark
	$(GO) test -tags '$(TAGS)' ./...

vet:
	$(GO) vet -tags '$(TAGS)' ./...

fmt-check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

# Long fuzzing runs, one target after another (FUZZTIME per target):
# package:FuzzTarget pairs; the differential fuzzer runs in the duckdb build.
FUZZTIME ?= 5m
FUZZ_TARGETS ?= ./parser:FuzzParseCondition ./parser:FuzzReadPage ./backends/sigma:FuzzParse \
	./match:FuzzEvent ./internal/difftest:FuzzDifferential
fuzz:
	for t in $(FUZZ_TARGETS); do \
		$(GO) test -tags '$(TAGS)' $${t%%:*} -run '^$$' -fuzz "^$${t##*:}\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

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
# every backend (make test runs 100 from seed 1), and every hostile value
# through every predicate kind (make test runs a third). Disagreements are
# minimised into internal/difftest/testdata/regress/.
DIFF_N    ?= 100000
DIFF_SEED ?= 1
difftest:
	DIFF_N=$(DIFF_N) DIFF_SEED=$(DIFF_SEED) DIFF_FULL=1 $(GO) test -tags '$(TAGS)' ./internal/difftest -run '^(TestDifferential|TestHostile.*)$$' -v -timeout 0

clean:
	rm -rf bin out

# The lark parser (Debian's python3-lark) for the KQL backend's check that
# every query parses with the grammar of Elastic's detection-rules toolchain.
python-lark:
	@/usr/bin/python3 -c 'import lark' 2>/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-lark=1.1.5-1; }

# dt-sql-parser (Trino's grammar) for the Athena backend's grammar check and
# @kusto/language-service-next (Kusto.Language) for the Kusto backend's;
# installed from the committed package-lock.json before the tests run.
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch node_modules
