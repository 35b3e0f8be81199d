package sigma

import (
	"fmt"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// Checker converts a rule into Sigma, reads the emitted YAML back and
// evaluates its detection under the Sigma semantics of the package
// documentation: the `sigma` result of `rulec test`.
type Checker struct{ Options Options }

// Name returns "sigma".
func (Checker) Name() string { return Target }

// Compile emits r and reads the output back.
func (c Checker) Compile(r *ir.Rule) (backends.Program, error) {
	data, err := Convert(r, c.Options)
	if err != nil {
		return nil, err
	}
	docs, errs := Parse(ruleName(r)+".yml", data)
	if err := errs.Err(); err != nil {
		return nil, fmt.Errorf("sigma: reading back the emitted rule: %w", err)
	}
	for _, d := range docs {
		if d.Detection != nil {
			return program{d.Detection}, nil
		}
	}
	return nil, fmt.Errorf("sigma: the emitted rule %s has no detection", ruleName(r))
}

type program struct{ det *Detection }

func (p program) Eval(logs []any) ([]bool, error) {
	out := make([]bool, len(logs))
	for i, l := range logs {
		ok, err := p.det.Match(l)
		if err != nil {
			return nil, err
		}
		out[i] = ok
	}
	return out, nil
}
