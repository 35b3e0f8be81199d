package cli

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

// loaded is the outcome of reading input paths.
type loaded struct {
	rules []*ir.Rule // the rules of files read without error
	// broken are the rules of files read with an error: their condition may
	// be missing or partial, so no command evaluates or converts them.
	broken []brokenRule
	diags  ir.ErrorList // errors and warnings, sorted
}

// brokenRule is a rule whose file has an error, with the first one.
type brokenRule struct {
	rule *ir.Rule
	err  *ir.Error
}

// loadRules reads every rule file under paths (files or directories). In a
// directory it reads pages (.txt, .md) and rule files (.yml, .yaml) and skips
// anything else.
func loadRules(paths []string) (*loaded, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("no input: name rule files or directories")
	}
	files, err := parser.ExpandPaths(paths)
	if err != nil {
		return nil, err
	}
	out := &loaded{}
	firstSeen := map[string]*ir.Rule{}
	for _, f := range files {
		rules, diags := readRuleFile(f)
		out.diags = append(out.diags, diags...)
		errs := diags.Errors()
		errs.Sort()
		for _, r := range rules {
			if prev, dup := firstSeen[r.ID]; dup {
				out.diags.Add(&ir.Error{File: r.File, Pos: r.At, Code: ir.CodeLint, Warning: true,
					Msg: fmt.Sprintf("rule %s is also defined in %s", r.ID, prev.File)})
			} else {
				firstSeen[r.ID] = r
			}
			if len(errs) > 0 {
				out.broken = append(out.broken, brokenRule{r, errs[0]})
				continue
			}
			out.rules = append(out.rules, r)
		}
	}
	out.diags.Sort()
	sort.SliceStable(out.rules, func(i, j int) bool { return out.rules[i].ID < out.rules[j].ID })
	sort.SliceStable(out.broken, func(i, j int) bool { return out.broken[i].rule.ID < out.broken[j].rule.ID })
	return out, nil
}

// readRuleFile reads one file with the reader its kind calls for.
func readRuleFile(path string) ([]*ir.Rule, ir.ErrorList) {
	if rules, errs, ok := readSigmaFile(path); ok {
		return rules, errs
	}
	if strings.EqualFold(filepath.Ext(path), ".kql") {
		return readKQLFile(path, kqlInput{fields: "raw"})
	}
	return parser.ReadFile(path)
}
