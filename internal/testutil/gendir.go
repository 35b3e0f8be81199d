package testutil

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rulec/rulec/backends"
)

// GeneratedDir checks that dir holds exactly the generated files (besides
// its _test.go files), or rewrites it when UPDATE_GOLDEN is set: stale files
// fail the test, so a committed generated package cannot drift from its
// generator.
func GeneratedDir(t testing.TB, dir string, files []backends.File) {
	t.Helper()
	want := map[string][]byte{}
	for _, f := range files {
		want[f.Name] = f.Data
	}
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if UpdateGolden() {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && want[n] == nil {
				if err := os.Remove(filepath.Join(dir, n)); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, f := range files {
			if err := os.WriteFile(filepath.Join(dir, f.Name), f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") && want[n] == nil {
			t.Errorf("%s is stale: the generator no longer writes it (UPDATE_GOLDEN=1 removes it)", filepath.Join(dir, n))
		}
	}
	for _, f := range files {
		got, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil {
			t.Errorf("%v (UPDATE_GOLDEN=1 regenerates the package)", err)
			continue
		}
		if !bytes.Equal(got, f.Data) {
			t.Errorf("%s is stale (-committed +generated; UPDATE_GOLDEN=1 regenerates):\n%s", filepath.Join(dir, f.Name), cmp.Diff(string(got), string(f.Data)))
		}
	}
}
