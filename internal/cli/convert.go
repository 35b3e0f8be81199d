package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// target is one `rulec convert --to NAME` output. Each lives in its own
// convert_NAME.go file; targets() lists them explicitly.
type target struct {
	name  string
	short string
	// flags registers the target's own options on the convert command; the
	// values are read by convert through the closure that registered them.
	flags func(fs *pflag.FlagSet)
	// convert turns the rules into output files, or fails with positioned
	// errors (an ir.ErrorList or *ir.Error) and writes nothing.
	convert func(rules []*ir.Rule) ([]backends.File, error)
	// stdout joins files for printing when no -o is given; nil concatenates.
	stdout func(files []backends.File) []byte
	// standalone, when set, may produce output that needs no rules (a
	// target option such as athena's --ddl); ok reports whether it did.
	standalone func() (files []backends.File, ok bool, err error)
	// registry returns the log-type registry (shipped and --schema log
	// types); newConvertCmd sets it.
	registry func() (*schema.Registry, error)
}

// targets lists every conversion target, in help order.
func targets() []*target {
	return []*target{irTarget(), sigmaTarget(), kqlTarget(), athenaTarget(), goTarget(), kustoTarget()}
}

func newConvertCmd(s *streams) *cobra.Command {
	var to, from, outDir string
	var skipUnsupported bool
	ts := targets()
	var names []string
	for _, t := range ts {
		names = append(names, t.name)
		t.registry = s.registry
	}
	cmd := &cobra.Command{
		Use:   "convert --to TARGET PATHS...",
		Short: "Convert rules into another language",
		Long: `convert turns every rule under PATHS into the target language. Without -o the
output goes to stdout; with -o DIR each rule's output is written into DIR, all
files or none: when any rule fails to convert, nothing is written.
With --skip-unsupported, rules the target cannot express exactly are left out
(each reported as "file:line:col: warning: ...") and the others are converted;
any other error still fails the whole conversion.

Targets:
` + targetHelp(ts),
		Example: `  rulec convert --to sigma rules/AWS.S3.DisableBucketLogging.yml
  rulec convert --to kql --kql-fields ecs rules/
  rulec convert --to athena --skip-unsupported -o out/athena rules/
  rulec convert --to go --go-package matchers -o internal/matchers rules/`,
		RunE: func(cmd *cobra.Command, args []string) error {
			var t *target
			for _, c := range ts {
				if c.name == to {
					t = c
				}
			}
			if t == nil {
				return fmt.Errorf("unknown --to %q: want one of %s", to, strings.Join(names, ", "))
			}
			var files []backends.File
			standalone := false
			if t.standalone != nil {
				var err error
				if files, standalone, err = t.standalone(); err != nil {
					return err
				}
			}
			if !standalone {
				if len(args) == 0 {
					return fmt.Errorf("no input: name rule files or directories")
				}
				l, err := loadInputs(cmd, from, args)
				if err != nil {
					return err
				}
				printDiags(s, "text", l.diags)
				if len(l.diags.Errors()) > 0 {
					return exitError{1}
				}
				rules := l.rules
				if skipUnsupported {
					rules = dropUnsupported(s, t, rules)
				}
				files, err = t.convert(rules)
				if err != nil {
					printConvertError(s, err)
					return exitError{1}
				}
			}
			if outDir != "" {
				if err := writeFiles(outDir, files); err != nil {
					return err
				}
				fmt.Fprintf(s.err, "wrote %d files to %s\n", len(files), outDir)
				return nil
			}
			if t.stdout != nil && !standalone {
				_, err := s.out.Write(t.stdout(files))
				return err
			}
			for _, f := range files {
				if _, err := s.out.Write(f.Data); err != nil {
					return err
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "target: "+strings.Join(names, ", "))
	cmd.Flags().StringVar(&from, "from", "auto", "input format: auto (by file extension) or kql")
	cmd.Flags().StringVarP(&outDir, "out", "o", "", "write one file per rule into this directory")
	cmd.Flags().BoolVar(&skipUnsupported, "skip-unsupported", false,
		"leave out rules the target cannot express, reporting each as a warning, and convert the rest")
	_ = cmd.MarkFlagRequired("to")
	_ = cmd.RegisterFlagCompletionFunc("to", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	for _, t := range ts {
		if t.flags != nil {
			t.flags(cmd.Flags())
		}
	}
	return cmd
}

func targetHelp(ts []*target) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "  %-8s %s\n", t.name, t.short)
	}
	return b.String()
}

// printConvertError prints positioned errors one per line.
func printConvertError(s *streams, err error) {
	switch e := err.(type) {
	case ir.ErrorList:
		e.Sort()
		for _, x := range e {
			fmt.Fprintln(s.err, x.Error())
		}
	default:
		fmt.Fprintln(s.err, err.Error())
	}
}

// irTarget prints the IR of each rule: its canonical condition and the
// s-expression of its meaning, for debugging rules and backends.
func irTarget() *target {
	return &target{
		name:  "ir",
		short: "the intermediate representation: canonical condition and its s-expression",
		convert: func(rules []*ir.Rule) ([]backends.File, error) {
			sorted := append([]*ir.Rule(nil), rules...)
			sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
			var files []backends.File
			for _, r := range sorted {
				var b strings.Builder
				fmt.Fprintf(&b, "# %s\n%s\n# %s\n", r.ID, ir.Format(r.Cond), ir.Dump(r.Cond))
				files = append(files, backends.File{Name: r.ID + ".ir", Data: []byte(b.String())})
			}
			return files, nil
		},
	}
}

// dropUnsupported converts each rule on its own and keeps those the target
// can express; a rule it cannot express is reported as a warning. Other
// errors keep the rule, so the real conversion reports them and fails.
func dropUnsupported(s *streams, t *target, rules []*ir.Rule) []*ir.Rule {
	var kept []*ir.Rule
	for _, r := range rules {
		_, err := t.convert([]*ir.Rule{r})
		if err == nil || !onlyUnsupported(err) {
			kept = append(kept, r)
			continue
		}
		for _, e := range asErrorList(err) {
			w := *e
			w.Warning = true
			w.Msg += " (rule skipped)"
			fmt.Fprintln(s.err, w.Error())
		}
	}
	return kept
}

// asErrorList returns the positioned errors err holds, if any.
func asErrorList(err error) ir.ErrorList {
	switch e := err.(type) {
	case ir.ErrorList:
		return e
	case *ir.Error:
		return ir.ErrorList{e}
	}
	return nil
}

// onlyUnsupported reports whether every error in err says the target cannot
// express a construct.
func onlyUnsupported(err error) bool {
	l := asErrorList(err)
	if len(l) == 0 {
		return false
	}
	for _, e := range l {
		if e.Code != ir.CodeUnsupported {
			return false
		}
	}
	return true
}
