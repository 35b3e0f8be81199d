// Package testutil holds helpers shared by rulec's tests.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// RepoRoot returns the repository's top directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Shared returns the path of rel inside ../shared (the project's shared
// folder beside the repository, or $RULEC_SHARED), and skips the test with a
// clear message when it is not there: conformance tests need it, the rest of
// the suite does not.
func Shared(t testing.TB, rel string) string {
	t.Helper()
	dir := os.Getenv("RULEC_SHARED")
	if dir == "" {
		dir = filepath.Join(RepoRoot(), "..", "shared")
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("conformance input %s not found (set RULEC_SHARED or place shared/ beside the repository); skipping", p)
	}
	return p
}
