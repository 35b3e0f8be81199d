package parser_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// sidecarTest is one entry of a panther-flat page's <RuleID>.tests.json: the
// test as the upstream YAML holds it. The reader never sees these files; this
// test uses them only to judge what the reader rebuilt from the page.
type sidecarTest struct {
	Name     string `json:"name"`
	Expected bool   `json:"expected"`
	Log      any    `json:"log"`
	Style    string `json:"log_style"` // flow, flow-oneline or block
}

// TestFlatCorpusConformance reads every page of corpus/panther-flat, whose
// block-style logs lost their nesting, and compares each test with the
// sidecar. Every page must read without errors, every flow-style log must be
// exact, no high-confidence log may differ, and at least 90% of the
// block-style logs must be rebuilt exactly.
func TestFlatCorpusConformance(t *testing.T) {
	dir := testutil.Shared(t, "corpus/panther-flat")
	pages, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(pages) == 0 {
		t.Fatalf("no pages in %s (%v)", dir, err)
	}
	sort.Strings(pages)
	var blocks, blockExact, low, lowExact, flows int
	var highInexact []string
	for _, page := range pages {
		src, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		r, diags := parser.ReadPage(page, src)
		if errs := diags.Errors(); len(errs) > 0 {
			t.Errorf("%v", errs)
			continue
		}
		if r == nil {
			t.Errorf("%s: no rule", page)
			continue
		}
		want := readSidecar(t, strings.TrimSuffix(page, ".txt")+".tests.json")
		if len(want) != len(r.Tests) {
			t.Errorf("%s: read %d tests, the sidecar has %d", page, len(r.Tests), len(want))
			continue
		}
		for i, w := range want {
			got := r.Tests[i]
			where := fmt.Sprintf("%s:%d: test %q", filepath.Base(page), got.At.Line, w.Name)
			if got.Name != w.Name {
				t.Errorf("%s: read name %q", where, got.Name)
			}
			if got.Expected != w.Expected {
				t.Errorf("%s: read ExpectedResult %v, want %v", where, got.Expected, w.Expected)
			}
			exact := sameJSON(got.Log, w.Log)
			if got.Confidence == ir.ConfidenceLow {
				low++
				if exact {
					lowExact++
				}
			}
			if w.Style == "block" {
				blocks++
				if exact {
					blockExact++
				}
			} else {
				flows++
				if got.Confidence != ir.ConfidenceHigh {
					t.Errorf("%s: a %s log is marked %s", where, w.Style, got.Confidence)
				}
			}
			if !exact && got.Confidence == ir.ConfidenceHigh {
				// A flow-style log is read, not rebuilt: it must be exact.
				// A block-style log may differ from the upstream YAML only
				// where that YAML itself breaks the log format (the reader
				// follows the schema), and then it must not change the
				// rule's verdict.
				g, _ := json.Marshal(got.Log)
				e, _ := json.Marshal(w.Log)
				if w.Style != "block" || ir.Eval(r.Cond, got.Log) != ir.Eval(r.Cond, w.Log) {
					t.Errorf("%s: high-confidence %s log differs:\n got %s\nwant %s", where, w.Style, g, e)
				} else {
					highInexact = append(highInexact, where)
				}
			}
		}
	}
	t.Logf("block-style logs rebuilt exactly: %d/%d; low-confidence tests: %d (%d of them exact anyway); flow-style logs: %d",
		blockExact, blocks, low, lowExact, flows)
	for _, w := range highInexact {
		t.Logf("%s: high-confidence block log differs from the upstream YAML, with the same verdict", w)
	}
	if blocks == 0 {
		t.Fatal("the corpus holds no block-style logs")
	}
	if blockExact*10 < blocks*9 {
		t.Errorf("rebuilt %d/%d block-style logs exactly, below 90%%", blockExact, blocks)
	}
}

func readSidecar(t *testing.T, path string) []sidecarTest {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var out []sidecarTest
	if err := d.Decode(&out); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return out
}

// sameJSON compares two JSON values; numbers compare by value.
func sameJSON(a, b any) bool {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !sameJSON(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !sameJSON(x[i], y[i]) {
				return false
			}
		}
		return true
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		p, ok1 := new(big.Rat).SetString(string(x))
		q, ok2 := new(big.Rat).SetString(string(y))
		return ok1 && ok2 && p.Cmp(q) == 0
	}
	return a == b
}
