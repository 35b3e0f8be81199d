# rulec's two entry points for a fresh machine (see README.md):
#   make convert   build rulec, convert the bundled rules/ into every target
#                  under out/, and check every sample log through every backend
#   make test      the whole test suite (what CI runs)

GO      ?= go
TAGS    ?= duckdb
RULEC   := bin/rulec

.PHONY: all build convert test vet fmt-check fuzz bench rules difftest clean python-lark sigma-deps

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

test: vet fmt-check node_modules python-lark sigma-deps
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
# through every predicate kind (make test runs a third), and DIFF_N/6 rules per
# log type over events that fit its schema. Disagreements are
# minimised into internal/difftest/testdata/regress/.
DIFF_N    ?= 100000
DIFF_SEED ?= 1
difftest:
	DIFF_N=$(DIFF_N) DIFF_SEED=$(DIFF_SEED) DIFF_FULL=1 $(GO) test -tags '$(TAGS)' ./internal/difftest -run '^(TestDifferential|TestHostile.*|TestSchemaProperty)$$' -v -timeout 0

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

# Debian's Python packages that ../shared/tools/sigma-check (the Sigma
# output's lint, run by backends/sigma's tests) needs; installed when missing
# (CI runs as root with apt reachable). Without them the test skips, and
# fails under CI=true.
SIGMA_CHECK_DEBS := python3-yaml=6.0-3+b2 python3-pyparsing=3.0.9-1 python3-packaging=23.0-1 \
	python3-jsonschema=4.10.3-1 python3-diskcache=5.4.0-1 python3-typing-extensions=4.4.0-1 \
	python3-requests=2.28.1+dfsg-1 python3-jinja2=3.1.2-1+deb12u3
sigma-deps:
	@if /usr/bin/python3 -c 'import yaml, pyparsing, packaging, jsonschema, diskcache, typing_extensions, requests, jinja2' 2>/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SIGMA_CHECK_DEBS); \
	else echo "sigma-check needs Debian's $(SIGMA_CHECK_DEBS); install them as root (its test skips without them, and fails under CI=true)"; fi
