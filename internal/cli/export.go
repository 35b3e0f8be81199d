package cli

import (
	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/ir"
)

// Checkers returns every target's checker, the list `rulec test` runs, so the
// differential tests (internal/difftest) cover each backend as it is added.
func Checkers() []backends.Checker { return checkers() }

// Converter is one `rulec convert --to NAME` target, for tests that convert
// many rules at once.
type Converter struct {
	Name    string
	Convert func(rules []*ir.Rule) ([]backends.File, error)
}

// Converters returns every conversion target, in help order.
func Converters() []Converter {
	var out []Converter
	for _, t := range targets() {
		out = append(out, Converter{Name: t.name, Convert: t.convert})
	}
	return out
}
