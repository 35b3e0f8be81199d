package datamodel_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rulec/rulec/internal/datamodel"
	"github.com/rulec/rulec/internal/testutil"
)

// TestTableUpToDate regenerates the table from ../shared and compares it with
// the committed one.
func TestTableUpToDate(t *testing.T) {
	dir := testutil.Shared(t, "corpus/panther-data-models")
	got, err := datamodel.Generate(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("table_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("table_gen.go is stale; run go generate ./internal/datamodel (-committed +generated):\n%s", cmp.Diff(string(want), string(got)))
	}
}

func TestLookup(t *testing.T) {
	m, ok := datamodel.Lookup("AWS.VPCFlow", "log_status")
	if !ok || m.Path != "status" {
		t.Errorf("AWS.VPCFlow log_status = %+v, %v; want path status", m, ok)
	}
	m, ok = datamodel.Lookup("GSuite.ActivityEvent", "event_type")
	if !ok || m.Method != "get_event_type" || m.Path != "" {
		t.Errorf("GSuite event_type = %+v, %v; want method get_event_type", m, ok)
	}
	if _, ok := datamodel.Lookup("AWS.VPCFlow", "no_such_name"); ok {
		t.Error("unknown name found")
	}
	if _, ok := datamodel.Lookup("No.Such.LogType", "source_ip"); ok {
		t.Error("unknown log type found")
	}
}

func TestSegments(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{in: "status", want: "status"},
		{in: "$.actor.email", want: "actor.email"},
		{in: "detail.x", want: "detail.x"},
		{in: `$.a[0].b`, err: "indexes an array"},
		{in: `$.a[*].b`, err: "indexes an array"},
		{in: `$..b`, err: "recursive descent"},
		{in: `$`, err: "whole event"},
		{in: `a..b`, err: "recursive descent"},
		{in: `a.`, err: "empty segment"},
	} {
		segs, err := datamodel.Segments(c.in)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("Segments(%q) error = %v, want %q", c.in, err, c.err)
			}
		case err != nil:
			t.Errorf("Segments(%q): %v", c.in, err)
		case strings.Join(segs, ".") != c.want:
			t.Errorf("Segments(%q) = %q, want %q", c.in, segs, c.want)
		}
	}
}

// TestEveryPathRepresentable: every Path of the committed table splits.
func TestEveryPathRepresentable(t *testing.T) {
	for _, lt := range datamodel.LogTypes() {
		for _, n := range datamodel.Names(lt) {
			m, _ := datamodel.Lookup(lt, n)
			if m.Path == "" {
				continue
			}
			if _, err := datamodel.Segments(m.Path); err != nil {
				t.Errorf("%s %s: %v", lt, n, err)
			}
		}
	}
}
