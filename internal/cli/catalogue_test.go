package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
)

// TestMalformedCatalogue runs every input of testdata/bad through the CLI:
// each must fail with exit 1 and exactly the one-line error of its .err file,
// without panicking and without writing any output file. UPDATE_GOLDEN=1
// rewrites the .err files from what check prints.
func TestMalformedCatalogue(t *testing.T) {
	dir := filepath.Join(testutil.RepoRoot(), "testdata", "bad")
	inputs, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir) // messages name the file as given: "case.txt:line:col: ..."
	var cases []string
	for _, e := range inputs {
		if ext := filepath.Ext(e.Name()); ext != ".err" {
			cases = append(cases, e.Name())
		}
	}
	sort.Strings(cases)
	required := []string{"unbalanced-parentheses", "unknown-operator", "missing-operand", "operand-on-unary",
		"bad-regex", "bad-network", "unterminated-string", "broken-log", "no-condition", "python-only",
		"test-without-expected-result"}
	have := map[string]bool{}
	for _, c := range cases {
		have[strings.TrimSuffix(c, filepath.Ext(c))] = true
	}
	for _, r := range required {
		if !have[r] {
			t.Errorf("catalogue lacks the case %s", r)
		}
	}
	for _, input := range cases {
		t.Run(input, func(t *testing.T) {
			errFile := strings.TrimSuffix(input, filepath.Ext(input)) + ".err"
			code, stdout, stderr := run(t, "check", input)
			if testutil.UpdateGolden() {
				if err := os.WriteFile(errFile, []byte(stderr), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			wantB, err := os.ReadFile(errFile)
			if err != nil {
				t.Fatalf("%v (UPDATE_GOLDEN=1 creates it)", err)
			}
			want := string(wantB)
			if strings.Count(want, "\n") != 1 || !strings.HasPrefix(want, input+":") {
				t.Fatalf("%s must hold exactly one line %s:line:col: message, holds %q", errFile, input, want)
			}
			if code != 1 || stderr != want || stdout != "" {
				t.Errorf("check: exit %d, stdout %q\n got  %q\n want %q", code, stdout, stderr, want)
			}
			for _, args := range [][]string{{"convert", "--to", "ir"}, {"import"}} {
				out := filepath.Join(t.TempDir(), "out")
				code, _, stderr := run(t, append(args, "-o", out, input)...)
				if code != 1 || stderr != want {
					t.Errorf("%s: exit %d\n got  %q\n want %q", args[0], code, stderr, want)
				}
				if _, err := os.Stat(out); !os.IsNotExist(err) {
					t.Errorf("%s wrote %s despite the error", args[0], out)
				}
			}
			// The IR alone: backends have nothing to add on a rule that fails to load.
			if code, _, _ := run(t, "test", "--only", "ir", input); code != 1 {
				t.Errorf("test: exit %d, want 1", code)
			}
			// A rule that fails to load is never evaluated: its tests are
			// reported as not run, with the error.
			code, stdout, _ = run(t, "test", "--format", "json", input)
			if code != 1 {
				t.Errorf("test --format json: exit %d, want 1", code)
			}
			for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
				if line == "" {
					continue
				}
				var res testResult
				if err := json.Unmarshal([]byte(line), &res); err != nil {
					t.Fatal(err)
				}
				if len(res.Results) != 0 || len(res.Errors) != 0 || res.NotRun != strings.TrimSuffix(want, "\n") {
					t.Errorf("test of a rule that failed to load: %s", line)
				}
			}
		})
	}
}
