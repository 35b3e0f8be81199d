package cli

import (
	"encoding/json"
	"fmt"
	"io"

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
file:line:col: message, on stderr. It exits 1 when any error was found;
warnings (lints) do not change the exit status.

Lints: duplicate RuleIDs, duplicate test names, missing severity or tests,
an "in" listing a value twice or nothing, a regex that is a plain
contains/starts_with/ends_with, an empty contains/starts_with/ends_with, a
wildcard of stars only, a repeated operand of and/or, double negation, and
conditions that can never match (X and not X; F is_null and F eq "x") or
always hold (X or not X), and test logs that contradict their log type's
schema (a string where a number is declared, an array where a scalar is, a
member a closed object does not list; see rulec schema).

With --format json, check prints one JSON object per diagnostic on stdout:
{"file","line","col","code","severity":"error"|"warning","message"}.`,
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
			diags := l.diags
			// Lint only rules read without errors: on a broken rule, lints
			// would be noise around the error that matters.
			broken := map[string]bool{}
			for _, d := range l.diags.Errors() {
				broken[d.File] = true
			}
			reg, err := s.registry()
			if err != nil {
				return err
			}
			var clean []*ir.Rule
			for _, r := range l.rules {
				if !broken[r.File] {
					diags = append(diags, ir.Lint(r)...)
					clean = append(clean, r)
				}
			}
			diags = append(diags, misfitWarnings(reg, clean)...)
			diags.Sort()
			if format == "json" {
				// Machines read stdout: one object per diagnostic.
				printDiagsJSON(s.out, diags)
			} else {
				printDiags(s, format, diags)
			}
			if len(diags.Errors()) > 0 {
				return exitError{1}
			}
			if format == "text" {
				// Only on success, so a failing check prints exactly its diagnostics.
				fmt.Fprintf(s.err, "%d rules checked, %d warnings\n", len(l.rules), len(diags.Warnings()))
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
	if format == "json" {
		printDiagsJSON(s.err, diags)
		return
	}
	for _, d := range diags {
		fmt.Fprintln(s.err, d.Error())
	}
}

// printDiagsJSON writes one JSON object per diagnostic.
func printDiagsJSON(w io.Writer, diags ir.ErrorList) {
	for _, d := range diags {
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
		fmt.Fprintln(w, string(b))
	}
}
