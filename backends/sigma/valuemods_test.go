package sigma

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// modifierChains are the value-modifier chains compared with pySigma.
var modifierChains = []string{
	"windash", "windash|contains", "contains|windash", "windash|startswith", "endswith|windash",
	"base64", "base64|contains", "base64offset", "base64offset|contains",
	"wide", "wide|base64offset|contains", "utf16be", "utf16be|base64", "utf16", "utf16|base64offset|contains",
	"windash|base64offset|contains", "wide|windash", "contains|base64",
}

// modifierValues are hostile values for them: dashes and slashes at word
// boundaries or not, wildcards and escapes, non-ASCII text, lengths of
// every residue modulo 3.
var modifierValues = []string{
	"-a", "/b c", "x-y", " -s /x", "--x", "a/-b", "é-x", "_-x", "-é", "1-2", "-_", "-", "/",
	"*-x", "-x*", `x\*y`, "a?b", `\\-x`, `C:\Windows\-x`, "", "a", "ab", "abc", "Hello World",
	"http://127.0.0.1", "ÿ", "日本", "a\u0100b", "Ā", "\u00a0-x", "ß-ẞ", "x\u2013y", "٣-x", "Ⅻ-x",
}

func yamlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// TestValueModifiersMatchPySigma expands every chain over every value with
// pySigma's own modifiers (the copy under shared/tools/sigma-check) and
// with this reader: both refuse, or both give the same values.
func TestValueModifiersMatchPySigma(t *testing.T) {
	pysigma := testutil.Shared(t, "tools/sigma-check/pysigma")
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is missing")
		}
		t.Skip("python3 not found; skipping the comparison with pySigma")
	}
	var rules []string
	var cases []string
	for _, chain := range modifierChains {
		for _, v := range modifierValues {
			cases = append(cases, chain+": "+fmt.Sprintf("%q", v))
			rules = append(rules, fmt.Sprintf("title: t\nid: 5d3b4ed8-1a3f-4a5e-9c1e-2b1f8d1c0a11\nstatus: test\nlevel: low\nlogsource:\n    product: windows\ndetection:\n    sel:\n        f|%s: %s\n    condition: sel\n", chain, yamlQuote(v)))
		}
	}
	in, _ := json.Marshal(rules)
	cmd := exec.Command(python, filepath.Join("testdata", "pysigma_values.py"), pysigma)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if strings.Contains(stderr.String(), "ModuleNotFoundError") && os.Getenv("CI") != "true" {
			t.Skipf("pySigma's Python dependencies are missing (see shared/tools/sigma-check/README.md): %s", stderr.String())
		}
		t.Fatalf("pysigma_values.py: %v\n%s", err, stderr.String())
	}
	var results []struct {
		Error  string       `json:"error"`
		Values [][][]string `json:"values"`
	}
	if err := json.Unmarshal(out, &results); err != nil || len(results) != len(rules) {
		t.Fatalf("pysigma_values.py output: %v (%d results for %d rules)", err, len(results), len(rules))
	}
	agree, refused := 0, 0
	for i, src := range rules {
		docs, errs := Parse("rule.yml", []byte(src))
		py := results[i]
		if errs.Err() != nil || py.Error != "" {
			if errs.Err() == nil || py.Error == "" {
				t.Errorf("%s: rulec error %v, pySigma error %q", cases[i], errs.Err(), py.Error)
				continue
			}
			refused++
			continue
		}
		var ours [][][]string
		for _, m := range docs[0].Detection.Searches[0].Maps {
			for _, fm := range m {
				for _, g := range fm.globs {
					ours = append(ours, partsOf(g))
				}
			}
		}
		if !reflect.DeepEqual(ours, py.Values) {
			t.Errorf("%s:\n rulec  %q\n pySigma %q", cases[i], ours, py.Values)
			continue
		}
		agree++
	}
	t.Logf("%d modifier chains × values: %d expand as pySigma does, %d refused by both", len(rules), agree, refused)
	if agree < len(rules)/2 {
		t.Errorf("only %d of %d agree", agree, len(rules))
	}
}

func partsOf(p *pattern) [][]string {
	out := [][]string{}
	for _, part := range p.parts {
		switch part.kind {
		case ir.PartLit:
			out = append(out, []string{"s", part.text})
		case ir.PartAnyRun:
			out = append(out, []string{"*"})
		case ir.PartAnyOne:
			out = append(out, []string{"?"})
		}
	}
	return out
}
