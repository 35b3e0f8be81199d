package cli

import (
	"bytes"
	"fmt"

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
input that defines it (a warning says so when the definitions differ).`,
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
					Msg: fmt.Sprintf("rule %s differs from its definition in %s; importing that one", r.ID, first[r.ID].File)})
			}
			continue
		}
		index[r.ID] = len(files)
		first[r.ID] = r
		files = append(files, backends.File{Name: r.ID + ".yml", Data: data})
	}
	return files, diags
}
