# rulec's two entry points for a fresh machine (see README.md):
#   make convert   build rulec, convert the bundled rules/ into every target
#                  under out/, and check every sample log through every backend
#   make test      the whole test suite (what CI runs)

GO      ?= go
TAGS    ?= duckdb
RULEC   := bin/rulec

.PHONY: all build convert test vet fmt-check fuzz difftest clean

all: convert

build:
	$(GO) build -tags '$(TAGS)' -o $(RULEC) ./cmd/rulec

convert: build
	rm -rf out
	$(RULEC) convert --to ir -o out/ir rules/
	$(RULEC) test -q rules/

test: vet fmt-check
	$(GO) test -tags '$(TAGS)' ./...

vet:
	$(GO) vet -tags '$(TAGS)' ./...

fmt-check:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

# Long fuzzing runs, one target after another (FUZZTIME per target).
FUZZTIME ?= 5m
fuzz:
	$(GO) test ./parser -run '^$$' -fuzz '^FuzzParseCondition$$' -fuzztime $(FUZZTIME)
	$(GO) test -tags '$(TAGS)' ./internal/difftest -run '^$$' -fuzz '^FuzzDifferential$$' -fuzztime $(FUZZTIME)

# Long differential run: DIFF_N random rules from DIFF_SEED through ir.Eval and
# every backend (make test runs 300 from seed 1). Disagreements are minimised
# into internal/difftest/testdata/regress/.
DIFF_N    ?= 100000
DIFF_SEED ?= 1
difftest:
	DIFF_N=$(DIFF_N) DIFF_SEED=$(DIFF_SEED) $(GO) test -tags '$(TAGS)' ./internal/difftest -run '^TestDifferential$$' -v -timeout 0

clean:
	rm -rf bin out
