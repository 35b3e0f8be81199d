package cli

import (
	"bytes"

	"github.com/spf13/pflag"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/sigma"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// sigmaTarget converts rules into Sigma rules (one multi-document YAML file
// per rule: the detection and, for thresholds, a correlation rule).
func sigmaTarget() *target {
	var caseMode string
	t := &target{
		name:  "sigma",
		short: "Sigma rules (YAML), exact by default: |cased string matches, escaped wildcards",
		flags: func(fs *pflag.FlagSet) {
			fs.StringVar(&caseMode, "sigma-case", "sensitive",
				"sigma: sensitive adds |cased to string matches (exact); insensitive keeps Sigma's case-insensitive default")
		},
		stdout: func(files []backends.File) []byte {
			// Several rules on stdout form one YAML stream.
			var b bytes.Buffer
			for i, f := range files {
				if i > 0 {
					b.WriteString("---\n")
				}
				b.Write(f.Data)
			}
			return b.Bytes()
		},
	}
	t.convert = func(rules []*ir.Rule) ([]backends.File, error) {
		c, err := sigma.ParseCase(caseMode)
		if err != nil {
			return nil, err
		}
		// The registry (with --schema log types) decides where a boolean
		// or a field reference is exact, and names log sources.
		var reg *schema.Registry
		if t.registry != nil {
			if reg, err = t.registry(); err != nil {
				return nil, err
			}
		}
		return sigma.ConvertAll(rules, sigma.Options{Case: c, Registry: reg})
	}
	return t
}

// sigmaCheckersWith gives the Sigma checker of cs the registry, so `rulec
// test` converts as `convert --to sigma` does with --schema log types.
func sigmaCheckersWith(cs []backends.Checker, reg *schema.Registry) []backends.Checker {
	out := make([]backends.Checker, len(cs))
	for i, c := range cs {
		if sc, ok := c.(sigma.Checker); ok {
			sc.Options.Registry = reg
			c = sc
		}
		out[i] = c
	}
	return out
}
