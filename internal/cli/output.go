package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rulec/rulec/backends"
)

// writeFiles writes files into dir all or nothing: each goes to a temporary
// file first, and only when every one is written are they renamed into place.
func writeFiles(dir string, files []backends.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range files {
		if seen[f.Name] {
			return fmt.Errorf("two outputs named %s", f.Name)
		}
		seen[f.Name] = true
		if f.Name != filepath.Base(f.Name) || f.Name == "." || f.Name == ".." {
			return fmt.Errorf("refusing to write %q outside %s", f.Name, dir)
		}
	}
	var temps []string
	cleanup := func() {
		for _, t := range temps {
			os.Remove(t)
		}
	}
	for _, f := range files {
		tmp, err := os.CreateTemp(dir, "."+f.Name+".tmp*")
		if err != nil {
			cleanup()
			return err
		}
		temps = append(temps, tmp.Name())
		if _, err := tmp.Write(f.Data); err != nil {
			tmp.Close()
			cleanup()
			return err
		}
		if err := tmp.Close(); err != nil {
			cleanup()
			return err
		}
	}
	for i, f := range files {
		if err := os.Chmod(temps[i], 0o644); err != nil {
			cleanup()
			return err
		}
		if err := os.Rename(temps[i], filepath.Join(dir, f.Name)); err != nil {
			cleanup()
			return err
		}
	}
	return nil
}
