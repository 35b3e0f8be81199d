package difftest_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/internal/difftest"
	"github.com/rulec/rulec/schema"
)

// schemaPending are the checkers this test leaves out until their
// schema-aware output lands (issue 12, steps 2 and 3). DIFF_SCHEMA_ALL=1
// runs them too; delete an entry once its checker passes.
var schemaPending = map[string]bool{}

// schemaLogTypes are the log types the schema property test draws from:
// closed and open objects, arrays of objects, every field type.
var schemaLogTypes = []string{"AWS.CloudTrail", "AWS.VPCFlow", "GCP.AuditLog", "Okta.SystemLog", "GitHub.Audit", "Windows.NetworkConnection"}

// TestSchemaProperty: on events that fit their log type's schema, every
// checker agrees with ir.Eval on random rules over that type's fields. Rules
// name their log type, so a backend that writes schema-aware output (typed
// columns, no fan-out at declared scalars) is held to exactness exactly
// where the schema promises it. DIFF_SCHEMA_N rules per log type (default
// 40; DIFF_FULL=1 makes the default DIFF_N / 6).
func TestSchemaProperty(t *testing.T) {
	reg := schema.Builtin()
	seed := envInt(t, "DIFF_SEED", 1)
	def := uint64(40)
	if os.Getenv("DIFF_FULL") != "" {
		def = envInt(t, "DIFF_N", 100000) / uint64(len(schemaLogTypes))
	}
	n := envInt(t, "DIFF_SCHEMA_N", def)
	var checkers []backends.Checker
	for _, c := range allCheckers() {
		if !schemaPending[c.Name()] || os.Getenv("DIFF_SCHEMA_ALL") != "" {
			checkers = append(checkers, c)
		}
	}
	var st difftest.Stats
	reported := map[string]int{}
	var cases []difftest.Case
	flush := func() {
		for _, d := range difftest.RunCases(checkers, cases, &st) {
			if reported[d.Checker]++; reported[d.Checker] > 3 {
				continue
			}
			report(t, checkers, d, fmt.Sprintf("schema property, seed %d, rule %s", seed, d.Rule.ID))
		}
		cases = cases[:0]
	}
	fits := 0
	for k, name := range schemaLogTypes {
		lt := reg.Lookup(name)
		if lt == nil {
			t.Fatalf("no log type %s", name)
		}
		g := difftest.NewGenerator(seed*1000 + uint64(k))
		g.Paths = difftest.SchemaPaths(lt.Root)
		for i := range n {
			g.NewPalette()
			id := fmt.Sprintf("Diff.Schema.%d.%d", k, i)
			cond := g.Condition(1 + int(i%3))
			var events []any
			for j := range eventsPerRule {
				var ev map[string]any
				if j%2 == 0 {
					ev = g.SchemaEventFor(lt, cond)
				} else {
					ev = g.SchemaEvent(lt.Root)
				}
				if m := lt.Check(ev); len(m) > 0 {
					t.Fatalf("%s: a generated event does not fit: %v", name, m)
				}
				events = append(events, ev)
				fits++
			}
			cases = append(cases, difftest.Case{Rule: difftest.NewRule(id, cond, name), Events: events})
			if len(cases) == batchSize {
				flush()
			}
		}
	}
	flush()
	t.Logf("seed %d: %d log types, %d fitting events: %v", seed, len(schemaLogTypes), fits, st)
	for name, c := range st.Per {
		if c.Agreed == 0 && c.Failed == 0 {
			t.Errorf("%s: no case was supported (%d unsupported): the batch tests nothing", name, c.Unsupported)
		}
	}
}
