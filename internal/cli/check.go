package cli

import (
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/ir"
)

func newCheckCmd(s *streams) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check PATHS...",
		Short: "Parse, validate and lint rules",
		Long: `check reads every rule under PATHS (files or directories: pages .txt/.md and
rule files .yml/.yaml) and reports errors and warnings, one per line, as
file:line:col: message. It exits 1 when any error was found.`,
		Example: `  rulec check rules/
  rulec check ../shared/seeds ../shared/corpus/panther
  rulec check --format json rules/ | jq .`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkFormat(format); err != nil {
				return err
			}
			l, err := loadRules(args)
			if err != nil {
				return err
			}
			printDiags(s, format, l.diags)
			if len(l.diags.Errors()) > 0 {
				return exitError{1}
			}
			if format == "text" {
				fmt.Fprintf(s.err, "%d rules checked, %d warnings\n", len(l.rules), len(l.diags.Warnings()))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json (one object per line)")
	return cmd
}

func checkFormat(f string) error {
	if f != "text" && f != "json" {
		return fmt.Errorf("unknown --format %q: want text or json", f)
	}
	return nil
}

// printDiags writes diagnostics to stderr, as text lines or JSON objects.
func printDiags(s *streams, format string, diags ir.ErrorList) {
	for _, d := range diags {
		if format == "json" {
			sev := "error"
			if d.Warning {
				sev = "warning"
			}
			b, _ := json.Marshal(struct {
				File     string `json:"file"`
				Line     int    `json:"line"`
				Col      int    `json:"col"`
				Code     string `json:"code"`
				Severity string `json:"severity"`
				Message  string `json:"message"`
			}{d.File, d.Pos.Line, d.Pos.Col, d.Code, sev, d.Msg})
			fmt.Fprintln(s.err, string(b))
			continue
		}
		fmt.Fprintln(s.err, d.Error())
	}
}
