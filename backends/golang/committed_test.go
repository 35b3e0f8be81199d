package golang_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/internal/testutil"
)

// TestCommittedPackages regenerates the committed generated packages and
// fails when they are stale (UPDATE_GOLDEN=1 rewrites them). Their own tests
// compile and run them.
func TestCommittedPackages(t *testing.T) {
	root := testutil.RepoRoot()
	t.Run("edgecases", func(t *testing.T) {
		files, err := golang.Generate(testutil.EdgeRules(t), golang.Options{Package: "edgecases"})
		if err != nil {
			t.Fatal(err)
		}
		testutil.GeneratedDir(t, filepath.Join(root, "internal", "gen", "edgecases"), files)
	})
	t.Run("matchers", func(t *testing.T) {
		rules := testutil.BundledRules()
		if _, err := os.Stat(rules); err != nil {
			t.Fatalf("bundled rules: %v", err)
		}
		files, err := golang.Generate(testutil.LoadRules(t, rules), golang.Options{Package: "matchers", SourceRoot: root})
		if err != nil {
			t.Fatal(err)
		}
		testutil.GeneratedDir(t, filepath.Join(root, "internal", "gen", "matchers"), files)
	})
}
