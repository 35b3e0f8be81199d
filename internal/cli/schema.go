package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/schema"
)

func newSchemaCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "schema",
		Short: "List the log types rulec knows, or draft a schema for your own",
		Long: `A log type's schema lists its fields and their types (string, number,
boolean, ip, timestamp, object, open object, json, array of T) and the fields
that identify its events. rulec ships the schemas of the log types its rules
use (schema/logtypes/*.yml); --schema FILE, on every command, adds one of
your own in the same format.`,
		Example: `  rulec schema list
  rulec schema infer --log-type MyApp.Audit samples.ndjson -o myapp.yml
  rulec scan --schema myapp.yml --rules rules/ logs/`,
	}
	cmd.AddCommand(newSchemaListCmd(s), newSchemaInferCmd(s))
	return cmd
}

func newSchemaListCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the log types (shipped and --schema), with their classification signatures",
		Example: `  rulec schema list
  rulec schema list --schema myapp.yml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			reg, err := s.registry()
			if err != nil {
				return err
			}
			for _, lt := range reg.LogTypes() {
				var sigs []string
				for _, sig := range lt.Classify {
					var cs []string
					for _, c := range sig {
						cs = append(cs, c.String())
					}
					sigs = append(sigs, strings.Join(cs, " & "))
				}
				origin := lt.File
				if lt.Builtin {
					origin = "shipped"
				}
				fmt.Fprintf(s.out, "%s\t%s\t%s\n", lt.Name, origin, strings.Join(sigs, " | "))
			}
			return nil
		},
	}
}

func newSchemaInferCmd(s *streams) *cobra.Command {
	var name, out string
	cmd := &cobra.Command{
		Use:   "infer --log-type NAME LOGS.ndjson [-o FILE]",
		Short: "Draft a log type's schema from sample logs",
		Long: `infer reads sample events (NDJSON, one JSON object per line)
and writes a draft schema: every member the samples hold, with the
type they show. What samples cannot prove is marked "guessed: true" with a
note: an ip or timestamp read from the text of strings, free JSON where a
member held several kinds of value (or only null or []), and the closedness
of every object (it lists the members seen). The classification signature
is the top-level members present in every sample. Review the draft, then
pass it with --schema.`,
		Example: `  rulec schema infer --log-type MyApp.Audit samples.ndjson -o myapp.yml
  rulec convert --to athena --schema myapp.yml rules/myapp/`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			logs, err := readHuntLogs(args[0])
			if err != nil {
				return err
			}
			events := make([]any, len(logs))
			for i, l := range logs {
				events[i] = l.event
			}
			if len(events) == 0 {
				return fmt.Errorf("%s: no events", args[0])
			}
			if name == "" {
				return fmt.Errorf("schema infer: --log-type NAME is required")
			}
			lt := schema.Infer(name, events)
			text := schema.Format(lt, fmt.Sprintf("Drafted by rulec schema infer from %d events of %s.\nReview the fields marked guessed, and cite the format's documentation in sources.", len(events), filepath.Base(args[0])))
			if out == "" {
				_, err := s.out.Write(text)
				return err
			}
			return writeFiles(filepath.Dir(out), []backends.File{{Name: filepath.Base(out), Data: text}})
		},
	}
	cmd.Flags().StringVar(&name, "log-type", "", "the log type's name, as rules list it (e.g. MyApp.Audit)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the draft to FILE instead of stdout")
	return cmd
}
