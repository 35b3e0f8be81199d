package testutil

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// BundledRules returns the path of the repository's rules/ directory, which
// tests may use without ../shared.
func BundledRules() string { return filepath.Join(RepoRoot(), "rules") }

// LoadRules reads every rule under paths (files or directories) with the
// parser, failing the test on any error (warnings are ignored). Backend tests
// use it so that backends themselves never import the parser.
func LoadRules(t testing.TB, paths ...string) []*ir.Rule {
	t.Helper()
	files, err := parser.ExpandPaths(paths)
	if err != nil {
		t.Fatal(err)
	}
	var out []*ir.Rule
	for _, f := range files {
		rules, diags := parser.ReadFile(f)
		if errs := diags.Errors(); len(errs) > 0 {
			t.Fatalf("%s: %v", f, errs[0])
		}
		out = append(out, rules...)
	}
	return out
}

// UpdateGolden reports whether golden files should be rewritten
// (UPDATE_GOLDEN=1).
func UpdateGolden() bool { return os.Getenv("UPDATE_GOLDEN") != "" }

// Golden compares got with the golden file at path, or rewrites the file when
// UPDATE_GOLDEN is set. A missing golden file is a failure unless updating.
func Golden(t testing.TB, path string, got []byte) {
	t.Helper()
	if UpdateGolden() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with UPDATE_GOLDEN=1 to create it)", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the output (-golden +got; UPDATE_GOLDEN=1 rewrites it):\n%s", path, cmp.Diff(string(want), string(got)))
	}
}
