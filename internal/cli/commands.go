package cli

import "github.com/spf13/cobra"

// extraCommands lists the commands beyond version/check/test/convert, in
// help order. It is an explicit list, not an init-time registry.
func extraCommands(s *streams) []*cobra.Command {
	return []*cobra.Command{
		newImportCmd(s),
		newScanCmd(s),
		newHuntCmd(s),
		newSchemaCmd(s),
	}
}
