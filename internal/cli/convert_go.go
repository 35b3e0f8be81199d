package cli

import (
	"bytes"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/golang"
	"github.com/rulec/rulec/ir"
)

// goTarget writes a Go package: one file per rule plus the registry.
func goTarget() *target {
	var pkg string
	var t *target
	t = &target{
		name:  "go",
		short: "a Go package of matchers (one func per rule, a registry, dispatch); see --go-package",
		flags: func(fs *pflag.FlagSet) {
			fs.StringVar(&pkg, "go-package", golang.DefaultPackage, "go: the generated package's name")
		},
		convert: func(rules []*ir.Rule) ([]backends.File, error) {
			opt := golang.Options{Package: pkg}
			if t.registry != nil {
				// --schema log types classify events in the generated Match too.
				reg, err := t.registry()
				if err != nil {
					return nil, err
				}
				opt.Registry = reg
			}
			return golang.Generate(rules, opt)
		},
		// Several Go files cannot be concatenated: without -o they print as
		// a txtar archive, one "-- name --" section per file.
		stdout: func(files []backends.File) []byte {
			var b bytes.Buffer
			for _, f := range files {
				fmt.Fprintf(&b, "-- %s --\n", f.Name)
				b.Write(f.Data)
			}
			return b.Bytes()
		},
	}
	return t
}
