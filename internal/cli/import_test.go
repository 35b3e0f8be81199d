package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rulec/rulec/internal/testutil"
)

// TestBundledRulesAreImported: rules/ is exactly what importing the shared
// seed and corpus pages gives (refresh with `make rules`).
func TestBundledRulesAreImported(t *testing.T) {
	seeds := testutil.Shared(t, "seeds")
	corpus := testutil.Shared(t, "corpus/panther")
	out := filepath.Join(t.TempDir(), "rules")
	code, _, stderr := run(t, "import", seeds, corpus, "-o", out)
	if code != 0 {
		t.Fatalf("import exit %d:\n%s", code, stderr)
	}
	got := ymlFiles(t, out)
	want := ymlFiles(t, testutil.BundledRules())
	if d := cmp.Diff(keys(want), keys(got)); d != "" {
		t.Fatalf("rules/ and the import hold different files (-rules/ +import; refresh with make rules):\n%s", d)
	}
	for name, w := range want {
		if g := got[name]; g != w {
			t.Errorf("rules/%s is stale (-rules/ +import; refresh with make rules):\n%s", name, cmp.Diff(w, g))
		}
	}
}

func ymlFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.yml"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = string(b)
	}
	return out
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestImport(t *testing.T) {
	page := writeTemp(t, "rule.txt", goodPage)
	out := filepath.Join(t.TempDir(), "out")
	if code, _, stderr := run(t, "import", page, page, "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(out, "Example.Rule.yml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"id: Example.Rule\n", "condition: |\n  eventName eq \"PutBucketLogging\"\n  errorCode is_null\n", "  - name: Matches\n    expected: true\n"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("rule file lacks %q:\n%s", want, b)
		}
	}
	if code, stdout, stderr := run(t, "test", out); code != 0 || !strings.Contains(stdout, "2 tests: 2 agree") {
		t.Errorf("test on the imported rule: exit %d\n%s%s", code, stdout, stderr)
	}
	// A bad input writes nothing.
	bad := writeTemp(t, "bad.txt", strings.Replace(goodPage, `errorCode is_null`, `errorCode is_null "x"`, 1))
	out2 := filepath.Join(t.TempDir(), "out2")
	if code, _, stderr := run(t, "import", page, bad, "-o", out2); code != 1 || !strings.Contains(stderr, "is_null takes no operand") {
		t.Errorf("bad input: exit %d, %s", code, stderr)
	}
	if _, err := os.Stat(out2); !os.IsNotExist(err) {
		t.Error("import created its output directory despite an error")
	}
	if code, _, stderr := run(t, "import", page); code != 2 || !strings.Contains(stderr, "-o DIR") {
		t.Errorf("no -o: exit %d, %s", code, stderr)
	}
}

func TestDifferingKeys(t *testing.T) {
	a := "id: X\ntitle: A\ntags:\n  - a\ncondition: |\n  x is_null\n"
	b := "id: X\ntitle: A\ntags:\n  - b\ncondition: |\n  x is_null\nrunbook: r\n"
	if got := strings.Join(differingKeys([]byte(a), []byte(b)), ","); got != "runbook,tags" {
		t.Errorf("differingKeys = %q, want runbook,tags", got)
	}
}

// TestBundledRulesPass: `rulec test rules/` agrees on every test, with
// nothing outside the repository.
func TestBundledRulesPass(t *testing.T) {
	code, stdout, stderr := run(t, "test", "--format", "json", testutil.BundledRules())
	if code != 0 {
		t.Fatalf("rulec test rules/: exit %d\n%s", code, stderr)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var res testResult
		if err := json.Unmarshal([]byte(line), &res); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		if !res.agrees() {
			t.Errorf("rule %s, test %q: expected %v, got %v", res.Rule, res.Test, res.Expected, res.Results)
		}
		n++
	}
	if n < 400 {
		t.Errorf("only %d tests in rules/", n)
	}
	if code, _, stderr := run(t, "check", testutil.BundledRules()); code != 0 {
		t.Errorf("rulec check rules/: exit %d\n%s", code, stderr)
	}
}
