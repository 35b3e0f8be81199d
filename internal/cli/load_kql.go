package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/ir"
)

// kqlInput says how to read a .kql query: which field names it uses and
// for which log type (its fields' types).
type kqlInput struct {
	fields  string // raw or ecs
	logType string
}

// kqlInputOptions reads --kql-fields and --kql-log-type from cmd's flags.
func kqlInputOptions(cmd *cobra.Command) kqlInput {
	in := kqlInput{fields: "raw"}
	if f := cmd.Flags().Lookup("kql-fields"); f != nil {
		in.fields = f.Value.String()
	}
	if f := cmd.Flags().Lookup("kql-log-type"); f != nil {
		in.logType = f.Value.String()
	}
	return in
}

// loadInputs reads the convert command's inputs: rule files by extension
// (.kql files with the command's --kql-fields and --kql-log-type), or,
// with --from kql, every .kql file under the paths.
func loadInputs(cmd *cobra.Command, from string, paths []string) (*loaded, error) {
	in := kqlInputOptions(cmd)
	switch from {
	case "", "auto":
		l, err := loadRules(paths)
		if err != nil {
			return nil, err
		}
		// loadRules read .kql files with the defaults; read them again
		// with this command's options.
		if in != (kqlInput{fields: "raw"}) {
			return reloadKQL(l, paths, in)
		}
		return l, nil
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
		rules, diags := readKQLFile(f, in)
		out.diags = append(out.diags, diags...)
		out.rules = append(out.rules, rules...)
	}
	out.diags.Sort()
	return out, nil
}

// reloadKQL replaces the rules read from .kql files by their reading under in.
func reloadKQL(l *loaded, paths []string, in kqlInput) (*loaded, error) {
	out := &loaded{}
	for _, d := range l.diags {
		if !strings.EqualFold(filepath.Ext(d.File), ".kql") {
			out.diags = append(out.diags, d)
		}
	}
	seen := map[string]bool{}
	for _, r := range l.rules {
		if !strings.EqualFold(filepath.Ext(r.File), ".kql") {
			out.rules = append(out.rules, r)
			continue
		}
		if seen[r.File] {
			continue
		}
		seen[r.File] = true
		rules, diags := readKQLFile(r.File, in)
		out.rules = append(out.rules, rules...)
		out.diags = append(out.diags, diags...)
	}
	// .kql files that failed to read have a diagnostic but no rule.
	for _, d := range l.diags {
		if strings.EqualFold(filepath.Ext(d.File), ".kql") && !seen[d.File] {
			seen[d.File] = true
			rules, diags := readKQLFile(d.File, in)
			out.rules = append(out.rules, rules...)
			out.diags = append(out.diags, diags...)
		}
	}
	out.diags.Sort()
	sort.SliceStable(out.rules, func(i, j int) bool { return out.rules[i].ID < out.rules[j].ID })
	return out, nil
}

// readKQLFile reads one KQL query as a rule: its ID is the file name
// without .kql, its field names and log type come from in.
func readKQLFile(path string, in kqlInput) ([]*ir.Rule, ir.ErrorList) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, ir.ErrorList{ir.Errorf(path, ir.Pos{}, ir.CodePage, "%v", err)}
	}
	profile, ok := kql.ParseProfile(in.fields)
	if !ok {
		return nil, ir.ErrorList{ir.Errorf(path, ir.Pos{}, ir.CodePage, "unknown --kql-fields %q: want raw or ecs", in.fields)}
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
	m := kql.Mapping{Profile: profile, LogType: in.logType}
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
	if in.logType != "" {
		r.LogTypes = []string{in.logType}
	}
	return []*ir.Rule{r}, nil
}
