package cli

import (
	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/golang"
)

// checkers lists the targets `rulec test` runs besides the IR evaluator, in
// result order. It is an explicit list, not an init-time registry.
func checkers() []backends.Checker {
	return []backends.Checker{golang.Checker{}}
}
