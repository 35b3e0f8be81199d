package match_test

import (
	"testing"

	"github.com/rulec/rulec/match"
)

// TestRoutesPartOfIsOneLevel: an event of a log type runs the rules of the
// types it is part of, not of their parents in turn (as
// schema.Registry.RunsOn decides), whatever order partOf is read in.
func TestRoutesPartOfIsOneLevel(t *testing.T) {
	rules := []match.Rule{{LogTypes: []string{"C"}}, {LogTypes: []string{"B"}}, {LogTypes: []string{"A"}}, {}}
	partOf := map[string][]string{"A": {"B"}, "B": {"C"}, "D": {"A"}, "E": {"D"}}
	want := map[string][]bool{
		"A": {false, true, true, true},
		"B": {true, true, false, true},
		"C": {true, false, false, true},
		"D": {false, false, true, true},
		"E": {false, false, false, true},
		"":  {false, false, false, true},
		"X": {false, false, false, true},
	}
	// Map iteration order varies from run to run; build the routes often.
	for range 50 {
		r := match.NewRoutes(rules, partOf)
		for lt, w := range want {
			got := r.For(lt)
			for i := range w {
				if got[i] != w[i] {
					t.Fatalf("For(%q) = %v, want %v", lt, got, w)
				}
			}
		}
	}
}
