package parser_test

import (
	"os"
	"testing"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/parser"
)

type source struct {
	path string
	src  []byte
}

func loadSources(b *testing.B, dirs ...string) []source {
	b.Helper()
	files, err := parser.ExpandPaths(dirs)
	if err != nil {
		b.Fatal(err)
	}
	var out []source
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, source{f, src})
	}
	return out
}

// benchmarkRead parses and lowers every source per iteration (page or rule
// file reading, condition parsing, regex/glob/network compilation, data-model
// resolution) and reports rules per second.
func benchmarkRead(b *testing.B, srcs []source) {
	b.ReportAllocs()
	rules := 0
	for b.Loop() {
		for _, s := range srcs {
			rs, errs := parser.ReadSource(s.path, s.src)
			if len(errs.Errors()) > 0 {
				b.Fatal(errs.Errors())
			}
			rules += len(rs)
		}
	}
	b.ReportMetric(float64(rules)/b.Elapsed().Seconds(), "rules/s")
}

// BenchmarkReadCorpus: go test -bench . -run '^$' ./parser/
func BenchmarkReadCorpus(b *testing.B) {
	b.Run("rules", func(b *testing.B) {
		benchmarkRead(b, loadSources(b, testutil.BundledRules()))
	})
	b.Run("pages", func(b *testing.B) {
		benchmarkRead(b, loadSources(b, testutil.Shared(b, "seeds"), testutil.Shared(b, "corpus/panther")))
	})
	b.Run("flat-pages", func(b *testing.B) {
		benchmarkRead(b, loadSources(b, testutil.Shared(b, "corpus/panther-flat")))
	})
}
