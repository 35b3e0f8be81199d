package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/ir"
)

// loadInputs reads the convert command's inputs: rule files by extension,
// or, with --from kql, every .kql file under the paths.
func loadInputs(from string, paths []string) (*loaded, error) {
	switch from {
	case "", "auto":
		return loadRules(paths)
	case "kql":
	default:
		return nil, fmt.Errorf("unknown --from %q: want auto or kql", from)
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(path), ".kql") {
				files = append(files, path)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Strings(files)
	out := &loaded{}
	for _, f := range files {
		rules, diags := readKQLFile(f)
		out.diags = append(out.diags, diags...)
		out.rules = append(out.rules, rules...)
	}
	out.diags.Sort()
	return out, nil
}

// readKQLFile reads one KQL query as a rule: its ID is the file name
// without .kql, its log type and field names come from --kql-log-type and
// --kql-fields.
func readKQLFile(path string) ([]*ir.Rule, ir.ErrorList) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, ir.ErrorList{ir.Errorf(path, ir.Pos{}, ir.CodePage, "%v", err)}
	}
	profile, ok := kql.ParseProfile(kqlOpts.fields)
	if !ok {
		return nil, ir.ErrorList{ir.Errorf(path, ir.Pos{}, ir.CodePage, "unknown --kql-fields %q: want raw or ecs", kqlOpts.fields)}
	}
	text := string(src)
	pos := func(off int) ir.Pos {
		if off > len(text) {
			off = len(text)
		}
		line := 1 + strings.Count(text[:off], "\n")
		col := off - strings.LastIndexByte(text[:off], '\n')
		return ir.Pos{Line: line, Col: col}
	}
	n, err := kql.Parse(text)
	if err != nil {
		off := 0
		msg := err.Error()
		if se, ok := err.(*kql.SyntaxError); ok {
			off, msg = se.Off, se.Msg
		}
		return nil, ir.ErrorList{ir.Errorf(path, pos(off), ir.CodeSyntax, "kql: %s", msg)}
	}
	m := kql.Mapping{Profile: profile, LogType: kqlOpts.logType}
	cond, err := kql.Lower(n, m, path, pos)
	if err != nil {
		if e, ok := err.(*ir.Error); ok {
			return nil, ir.ErrorList{e}
		}
		return nil, ir.ErrorList{ir.Errorf(path, pos(0), ir.CodeSyntax, "%v", err)}
	}
	r := &ir.Rule{
		ID:       strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)),
		Cond:     cond,
		CondText: strings.TrimSpace(text),
		File:     path,
		At:       ir.Pos{Line: 1, Col: 1},
		Enabled:  true,
	}
	r.Title = r.ID
	if kqlOpts.logType != "" {
		r.LogTypes = []string{kqlOpts.logType}
	}
	return []*ir.Rule{r}, nil
}
