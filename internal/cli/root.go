// Package cli is rulec's command line: a thin cobra layer over the parser,
// the IR and the backends. Only cmd/rulec calls Run; nothing here exits the
// process or writes to os.Stdout directly.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/schema"
)

// Version is rulec's version, set at link time with
// -ldflags "-X github.com/rulec/rulec/internal/cli.Version=v1.2.3".
var Version = "dev"

// exitError carries an exit code without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run executes rulec with args and returns the process exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	fmt.Fprintf(stderr, "rulec: %v\n", err)
	return 2
}

type streams struct {
	in       io.Reader
	out, err io.Writer

	schemaFiles []string         // --schema: custom log types
	reg         *schema.Registry // loaded on first use
}

// registry returns the log-type registry: the shipped log types and those
// of --schema files. A bad schema file is reported as file:line:col on
// stderr (exit status 1).
func (s *streams) registry() (*schema.Registry, error) {
	if s.reg != nil {
		return s.reg, nil
	}
	var custom []*schema.LogType
	for _, f := range s.schemaFiles {
		lt, err := schema.Load(f)
		if err != nil {
			fmt.Fprintln(s.err, err)
			return nil, exitError{1}
		}
		custom = append(custom, lt)
	}
	reg, err := schema.Builtin().With(custom...)
	if err != nil {
		fmt.Fprintln(s.err, err)
		return nil, exitError{1}
	}
	s.reg = reg
	return reg, nil
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	s := &streams{in: stdin, out: stdout, err: stderr}
	root := &cobra.Command{
		Use:   "rulec",
		Short: "rulec compiles detection rules into Sigma, Elastic KQL, Athena SQL and Go",
		Long: `rulec reads detection rules (catalog pages, rulec rule files, Sigma and KQL),
parses their conditions into one intermediate representation, checks them on
their sample logs, and converts them into equivalent Sigma rules, Elastic KQL
queries, Athena SQL and generated Go matchers.`,
		Example: `  rulec check rules/
  rulec test rules/
  rulec convert --to sigma rules/AWS.S3.DisableBucketLogging.yml
  rulec import ../shared/corpus/panther -o rules/`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringSliceVar(&s.schemaFiles, "schema", nil,
		"a log-type schema file declaring a log type rulec does not ship (repeatable; see rulec schema --help)")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(
		newVersionCmd(s),
		newCheckCmd(s),
		newTestCmd(s),
		newConvertCmd(s),
	)
	for _, c := range extraCommands(s) {
		root.AddCommand(c)
	}
	return root
}
