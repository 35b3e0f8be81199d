package cli

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

func newImportCmd(s *streams) *cobra.Command {
	var outDir string
	cmd := &cobra.Command{
		Use:   "import PATHS... -o DIR",
		Short: "Write rules (catalog pages or rule files) as rulec rule files, one per RuleID",
		Long: `import reads every rule under PATHS (catalog pages .txt/.md, rule files
.yml/.yaml) and writes each as a rulec rule file, DIR/<RuleID>.yml: the
rule's metadata, its condition as written, and its tests with structured logs.
Files are written all or nothing: when any input has an error, nothing is
written. A RuleID defined by several inputs is written once, from the first
input that defines it (a warning names the keys when the definitions differ).
Files already in DIR that no input produces are left alone; "make rules"
replaces rules/ as a whole.`,
		Example: `  rulec import ../shared/seeds ../shared/corpus/panther -o rules/
  rulec import page.txt -o /tmp/rules && rulec test /tmp/rules`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if outDir == "" {
				return fmt.Errorf("import needs -o DIR")
			}
			l, err := loadRules(args)
			if err != nil {
				return err
			}
			printDiags(s, "text", l.diags)
			if len(l.diags.Errors()) > 0 {
				return exitError{1}
			}
			files, diags := importFiles(l.rules)
			printDiags(s, "text", diags)
			if len(diags.Errors()) > 0 {
				return exitError{1}
			}
			if err := writeFiles(outDir, files); err != nil {
				return err
			}
			fmt.Fprintf(s.err, "wrote %d rule files to %s\n", len(files), outDir)
			return nil
		},
	}
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "directory to write the rule files into (required)")
	return cmd
}

// importFiles renders one rule file per RuleID, keeping the first definition.
func importFiles(rules []*ir.Rule) ([]backends.File, ir.ErrorList) {
	var diags ir.ErrorList
	var files []backends.File
	index := map[string]int{}
	first := map[string]*ir.Rule{}
	for _, r := range rules {
		if r.ID == "" {
			diags.Addf(r.File, r.At, ir.CodePage, "rule has no RuleID, so it has no file name")
			continue
		}
		data, err := parser.FormatRule(r)
		if err != nil {
			diags.Addf(r.File, r.At, ir.CodePage, "%v", err)
			continue
		}
		if i, dup := index[r.ID]; dup {
			if !bytes.Equal(files[i].Data, data) {
				diags.Add(&ir.Error{File: r.File, Pos: r.At, Code: ir.CodeLint, Warning: true,
					Msg: fmt.Sprintf("rule %s differs in %s from its definition in %s; importing that one",
						r.ID, strings.Join(differingKeys(files[i].Data, data), ", "), first[r.ID].File)})
			}
			continue
		}
		index[r.ID] = len(files)
		first[r.ID] = r
		files = append(files, backends.File{Name: r.ID + ".yml", Data: data})
	}
	return files, diags
}

// differingKeys names the top-level keys whose text differs between two rule
// files written by parser.FormatRule.
func differingKeys(a, b []byte) []string {
	sa, sb := topLevelSections(a), topLevelSections(b)
	var out []string
	seen := map[string]bool{}
	for _, m := range []map[string]string{sa, sb} {
		for k := range m {
			if !seen[k] && sa[k] != sb[k] {
				out = append(out, k)
			}
			seen[k] = true
		}
	}
	sort.Strings(out)
	return out
}

func topLevelSections(data []byte) map[string]string {
	out := map[string]string{}
	key := ""
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line != "" && line[0] != ' ' && line[0] != '#' {
			if k, _, ok := strings.Cut(line, ":"); ok {
				key = k
			}
		}
		out[key] += line + "\n"
	}
	return out
}
