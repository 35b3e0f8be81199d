package cli

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestCheckJSON(t *testing.T) {
	page := writeTemp(t, "rule.txt", strings.Replace(goodPage, `errorCode is_null`, "errorCode is_null\nbucket in [\"a\", \"a\"]", 1))
	bad := writeTemp(t, "bad.txt", strings.NewReplacer(`errorCode is_null`, `errorCode is_nul`, `"Example.Rule"`, `"Other.Rule"`).Replace(goodPage))
	code, stdout, stderr := run(t, "check", "--format", "json", page, bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, stderr)
	}
	type diag struct {
		File, Code, Severity, Message string
		Line, Col                     int
	}
	var got []diag
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		var d diag
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("not JSON: %q: %v", line, err)
		}
		got = append(got, d)
	}
	want := []diag{
		{File: page, Line: 26, Col: 11, Code: "lint", Severity: "warning", Message: `bucket in lists "a" twice`},
		{File: bad, Line: 25, Col: 11, Code: "unknown-op", Severity: "error", Message: `unknown operator "is_nul" (did you mean "is_null"?)`},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(want), stdout)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("diagnostic %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Warnings alone exit 0.
	if code, _, stderr := run(t, "check", page); code != 0 || !strings.Contains(stderr, "1 rules checked, 1 warnings") {
		t.Errorf("warnings only: exit %d, stderr %q", code, stderr)
	}
}

func TestDuplicateRuleIDWarns(t *testing.T) {
	a := writeTemp(t, "a.txt", goodPage)
	b := writeTemp(t, "b.txt", goodPage)
	code, _, stderr := run(t, "check", a, b)
	if code != 0 || !strings.Contains(stderr, b+":1:1: warning: rule Example.Rule is also defined in "+a) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestHelpHasExamples: every rulec command documents an example.
func TestHelpHasExamples(t *testing.T) {
	root := newRoot(strings.NewReader(""), nil, nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.Name() == "help" || sub.Name() == "completion" || sub.Hidden {
				continue // cobra's own commands carry their usage in Long
			}
			if strings.TrimSpace(sub.Example) == "" {
				t.Errorf("rulec %s has no Example", sub.CommandPath())
			}
			walk(sub)
		}
	}
	if root.Example == "" {
		t.Error("rulec has no Example")
	}
	walk(root)
	code, stdout, _ := run(t, "--help")
	if code != 0 || !strings.Contains(stdout, "Examples:") || !strings.Contains(stdout, "import") {
		t.Errorf("rulec --help: exit %d\n%s", code, stdout)
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		code, stdout, stderr := run(t, "completion", shell)
		if code != 0 || !strings.Contains(stdout, "rulec") {
			t.Errorf("completion %s: exit %d, %d bytes, %s", shell, code, len(stdout), stderr)
		}
		if shell == "bash" {
			if bash, err := exec.LookPath("bash"); err == nil {
				script := writeTemp(t, "rulec.bash", stdout)
				if out, err := exec.Command(bash, "-n", script).CombinedOutput(); err != nil {
					t.Errorf("bash -n on the completion script: %v\n%s", err, out)
				}
			}
		}
	}
	// Flag value completion of convert --to lists the targets.
	code, stdout, _ := run(t, "__complete", "convert", "--to", "")
	if code != 0 || !strings.Contains(stdout, "ir\n") {
		t.Errorf("__complete convert --to: exit %d\n%s", code, stdout)
	}
}
