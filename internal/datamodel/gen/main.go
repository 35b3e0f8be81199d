// Command gen writes internal/datamodel/table_gen.go from panther-analysis
// data models: go run ./internal/datamodel/gen -in DIR -out FILE.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rulec/rulec/internal/datamodel"
)

func main() {
	in := flag.String("in", "../shared/corpus/panther-data-models", "directory of data model YAML files ($RULEC_SHARED/corpus/panther-data-models when RULEC_SHARED is set)")
	out := flag.String("out", "internal/datamodel/table_gen.go", "Go file to write")
	flag.Parse()
	if dir := os.Getenv("RULEC_SHARED"); dir != "" {
		*in = filepath.Join(dir, "corpus", "panther-data-models")
	}
	src, err := datamodel.Generate(*in)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
