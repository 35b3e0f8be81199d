package parser_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// addFiles adds every file of dir with one of exts to f's seed corpus. The
// committed corpus in testdata/fuzz/<Target> holds more.
func addFiles(f *testing.F, dir string, exts ...string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		for _, ext := range exts {
			if strings.HasSuffix(e.Name(), ext) {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err != nil {
					f.Fatal(err)
				}
				f.Add(b)
			}
		}
	}
}

// FuzzReadPage: the page reader never panics, and a page it accepts survives
// a trip through a rule file unchanged.
func FuzzReadPage(f *testing.F) {
	addFiles(f, filepath.Join(testutil.RepoRoot(), "testdata", "bad"), ".txt")
	f.Fuzz(func(t *testing.T, src []byte) {
		r, errs := parser.ReadPage("page.txt", src)
		for _, e := range errs {
			if e.Error() == "" || strings.Contains(e.Error(), "\n") {
				t.Fatalf("diagnostic is not one line: %q", e.Error())
			}
		}
		if r == nil || len(errs.Errors()) > 0 || r.ID == "" {
			return
		}
		data, err := parser.FormatRule(r)
		if err != nil {
			return // reported to the user as an import error
		}
		back, berrs := parser.ReadRuleFile("rule.yml", data)
		if len(berrs) > 0 {
			t.Fatalf("rule file of an accepted page does not read back: %v\n%s", berrs, data)
		}
		if d := cmp.Diff(rfComparable(r), rfComparable(back)); d != "" {
			t.Fatalf("rule changed through a rule file (-page +file):\n%s", d)
		}
		if ir.Dump(r.Cond) != ir.Dump(back.Cond) {
			t.Fatalf("condition changed: %s vs %s", ir.Dump(r.Cond), ir.Dump(back.Cond))
		}
	})
}

// FuzzParseCondition: the condition parser never panics, and parse → Format
// → parse gives the same IR.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{
		`eventName eq "PutBucketLogging"`,
		"not (errorCode is_not_null or errorMessage is_not_null)",
		`httpstatus in ["403", "405"]` + "\n" + `operation wildcard "REST.*.OBJECT"`,
		`useragent not starts_with "aws-internal"`,
		`sourceIPAddress cidr "10.0.0.0/8" and userAgent regex "(?i)trufflehog"`,
		`risk_score gt "50" or risk_score lte 10.5e1`,
		`a eq true and not not b eq false or (c ne "\u263a\"\\" and d in [])`,
		`bucket in "example-bucket"`,
		`x wildcard "[!a-c]?*[*]"`,
		`((a is_null))`,
		`a eq~ "İſK" or a in~ ["Σ", "ς"] or a not contains~ "ß"`,
		`a wildcard~ "[A-Z]*" and b ne~ "x" and c starts_with~ "Y" and d ends_with~ "z"`,
		`any bindingDeltas (action eq "ADD" and role eq "roles/owner")`,
		`all f (key eq "t" and all values (@ starts_with "!"))`,
		`not any a.b (@ is_null or any c (@ ne field(d)))`,
		`userIdentity.accountId ne field(recipientAccountId)`,
		`a not eq~ field(b) and a contains field(c.d) and a not ends_with~ field(e)`,
		`any eq "x" and all is_null and field eq 1`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		opt := parser.ConditionOptions{File: "c"}
		e, errs := parser.ParseConditionText(src, ir.Pos{Line: 1, Col: 1}, opt)
		for _, err := range errs {
			if !err.Pos.IsValid() || strings.Contains(err.Error(), "\n") {
				t.Fatalf("bad diagnostic %q", err.Error())
			}
		}
		if len(errs) > 0 || e == nil {
			return
		}
		text := ir.Format(e)
		e2, errs := parser.ParseConditionText(text, ir.Pos{Line: 1, Col: 1}, opt)
		if len(errs) > 0 {
			t.Fatalf("Format output does not parse: %v\ninput:  %q\nformat: %q", errs, src, text)
		}
		if a, b := ir.Dump(e), ir.Dump(e2); a != b {
			t.Fatalf("parse → Format → parse changed the IR:\ninput:  %q\nformat: %q\n%s\n%s", src, text, a, b)
		}
		if again := ir.Format(e2); again != text {
			t.Fatalf("Format is not stable: %q then %q", text, again)
		}
	})
}

// TestDeepNesting: a 1,000-deep condition is an error, not a stack overflow,
// in every place a condition can be written.
func TestDeepNesting(t *testing.T) {
	const depth = 1000
	parens := strings.Repeat("(", depth) + "a is_null" + strings.Repeat(")", depth)
	nots := strings.Repeat("not ", depth) + "a is_null"
	for name, cond := range map[string]string{"parentheses": parens, "not": nots, "mixed": strings.Repeat("not (", depth) + "a is_null" + strings.Repeat(")", depth)} {
		_, errs := parser.ParseConditionText(cond, ir.Pos{Line: 3, Col: 5}, parser.ConditionOptions{File: "c"})
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "nests deeper than") || errs[0].Pos.Line != 3 {
			t.Errorf("%s: got %v, want one positioned nesting error", name, errs)
		}
		page := "Detection rules › Panther\nT\nRule body yaml\nRuleID: X\nDetection logic\nCondition\n" + cond + "\n"
		if _, errs := parser.ReadPage("p.txt", []byte(page)); len(errs.Errors()) != 1 || !strings.HasPrefix(errs.Errors()[0].Error(), "p.txt:7:") {
			t.Errorf("%s in a page: %v", name, errs)
		}
		rule := "id: X\ncondition: |\n  " + cond + "\n"
		if _, errs := parser.ReadRuleFile("r.yml", []byte(rule)); len(errs.Errors()) != 1 || !strings.HasPrefix(errs.Errors()[0].Error(), "r.yml:3:") {
			t.Errorf("%s in a rule file: %v", name, errs)
		}
	}
	// Exactly at the limit still parses.
	ok := strings.Repeat("(", parser.MaxNesting) + "a is_null" + strings.Repeat(")", parser.MaxNesting)
	if _, errs := parser.ParseConditionText(ok, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{}); len(errs) > 0 {
		t.Errorf("%d levels: %v", parser.MaxNesting, errs)
	}
	// A deeply nested test log is read without overflowing either.
	log := strings.Repeat("{a: ", depth) + "1" + strings.Repeat("}", depth)
	if _, errs := parser.ReadRuleFile("r.yml", []byte("id: X\ncondition: a is_null\ntests:\n  - name: t\n    expected: false\n    log: "+log+"\n")); len(errs.Errors()) > 1 {
		t.Errorf("deep log: %v", errs)
	}
}
