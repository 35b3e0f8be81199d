package scan_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rulec/rulec/internal/scan"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// Routing agrees with schema.Registry.RunsOn: a rule runs on an event when
// the event's class is one of the rule's log types or part of one, and
// rules naming no log type run on every event.
func TestRoutingFollowsTheRegistry(t *testing.T) {
	reg := schema.Builtin()
	always := &ir.Not{X: &ir.Pred{Field: ir.ParsePath("EventID"), Op: ir.OpIsNull}}
	var rules []*ir.Rule
	for i, types := range [][]string{{"Windows.RegistryEvent"}, {"Windows.RegistrySet"}, {"Windows.ProcessCreation"}, nil, {"AWS.CloudTrail", "Windows.RegistryAdd"}} {
		rules = append(rules, &ir.Rule{ID: fmt.Sprintf("R%d", i), LogTypes: types, Cond: always})
	}
	events := []string{
		`{"EventID":13,"Channel":"Microsoft-Windows-Sysmon/Operational"}`,
		`{"EventID":12,"Channel":"Microsoft-Windows-Sysmon/Operational","EventType":"CreateKey"}`,
		`{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational"}`,
		`{"EventID":5,"p_log_type":"AWS.CloudTrail"}`,
		`{"EventID":99}`,
	}
	vc := reg.ValueClassifier()
	for _, override := range [][]string{nil, {"Windows.RegistrySet"}} {
		p, err := scan.CompileRouted(rules, scan.Routing{Registry: reg, LogTypes: override})
		if err != nil {
			t.Fatal(err)
		}
		ev := p.NewEvent()
		for _, e := range events {
			if err := ev.Reset([]byte(e)); err != nil {
				t.Fatal(err)
			}
			hits, _ := p.MatchRouted(ev, nil)
			class := vc.ClassifyJSON([]byte(e))
			var want, got []string
			for _, r := range p.Rules {
				runs := len(r.LogTypes) == 0
				if override == nil {
					runs = runs || reg.RunsOn(r.LogTypes, class)
				} else {
					runs = runs || reg.RunsOn(r.LogTypes, override[0])
				}
				if runs {
					want = append(want, r.ID)
				}
			}
			for _, h := range hits {
				got = append(got, p.Rules[h].ID)
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("override %v, event %s (%q): rules %v, want %v", override, e, class, got, want)
			}
		}
	}
}
