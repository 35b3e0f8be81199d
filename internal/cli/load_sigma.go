package cli

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/rulec/rulec/backends/sigma"
	"github.com/rulec/rulec/ir"
)

// readSigmaFile reads path as a Sigma rule when it is a YAML file whose top
// level has a detection or correlation section; ok is false for any other
// file, which the parser reads.
func readSigmaFile(path string) (rules []*ir.Rule, errs ir.ErrorList, ok bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yml", ".yaml":
	default:
		return nil, nil, false
	}
	src, err := os.ReadFile(path)
	if err != nil || !sigma.IsSigma(src) {
		return nil, nil, false
	}
	rules, errs = sigma.ReadFile(path, src)
	return rules, errs, true
}
