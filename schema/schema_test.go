package schema

import (
	"strings"
	"testing"
)

func TestBuiltinParses(t *testing.T) {
	r := Builtin()
	want := []string{"AWS.CloudTrail", "AWS.S3ServerAccess", "AWS.VPCFlow", "GCP.AuditLog", "GitHub.Audit", "OneLogin.Events", "Okta.SystemLog", "Zoom.Operation"}
	for _, n := range want {
		lt := r.Lookup(n)
		if lt == nil {
			t.Fatalf("log type %s missing; have %v", n, r.Names())
		}
		if len(lt.Sources) == 0 {
			t.Errorf("%s: no sources", n)
		}
		if len(lt.Classify) == 0 {
			t.Errorf("%s: no classification signature", n)
		}
		if lt.Root.Field("p_log_type") == nil {
			t.Errorf("%s: standard field p_log_type missing", n)
		}
	}
}

func TestResolve(t *testing.T) {
	ct := Builtin().Lookup("AWS.CloudTrail")
	steps := ct.Resolve([]string{"userIdentity", "sessionContext", "attributes", "mfaAuthenticated"})
	for _, s := range steps {
		if s.Type == nil || s.Array() || s.Free {
			t.Fatalf("step %s: %+v", s.Name, s)
		}
	}
	if got := steps[3].Type.String(); got != "string" {
		t.Errorf("mfaAuthenticated is %s", got)
	}
	steps = ct.Resolve([]string{"resources", "ARN"})
	if !steps[0].Array() || steps[1].Type.Kind != KindString {
		t.Errorf("resources.ARN: %+v %+v", steps[0], steps[1])
	}
	steps = ct.Resolve([]string{"requestParameters", "bucketName", "x"})
	if steps[0].Type == nil || steps[0].Type.Kind != KindObject || !steps[0].Type.Open || !steps[1].Free || !steps[2].Free {
		t.Errorf("requestParameters.bucketName.x: %+v", steps)
	}
	steps = ct.Resolve([]string{"tlsDetails", "nope", "deeper"})
	if steps[1].Type != nil || steps[1].Free || steps[2].Free {
		t.Errorf("an undeclared member of a closed object: %+v", steps)
	}
	if ct.TypeOf([]string{"sourceIPAddress"}).Kind != KindIP {
		t.Errorf("sourceIPAddress is not an ip")
	}
	if !ct.Root.Declared([]string{"userIdentity", "arn"}) || ct.Root.Declared([]string{"requestParameters", "x"}) {
		t.Errorf("Declared")
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"log_type: X\nfields:\n  a: strin\n", "x.yml:3:6: unknown type \"strin\""},
		{"log_type: X\nfields:\n  a: object\n", "x.yml:3:6: field a: a closed object lists its fields"},
		{"fields:\n  a: string\n", "x.yml:1:1: missing log_type"},
		{"log_type: X\nclassify:\n  - has: [b]\nfields:\n  a: string\n", "x.yml:1:1: classify: b is not a declared field"},
		{"log_type: X\nfields:\n  a: string\n  a: number\n", "x.yml:4:3: fields: \"a\" given twice"},
		{"log_type: X\nfields:\n  a:\n    type: string\n    fields: {b: string}\n", "x.yml:5:13: field a: fields belong to an object"},
		{"log_type: X\nfields: [\n", "x.yml:2:1: did not find expected node content"},
	}
	for _, c := range cases {
		_, err := Parse("x.yml", []byte(c.src))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %s", c.src, err, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	ct := Builtin().Lookup("AWS.CloudTrail")
	doc := map[string]any{
		"eventName":         "X",
		"readOnly":          "true",
		"resources":         []any{map[string]any{"ARN": 5.0}},
		"userIdentity":      map[string]any{"type": []any{"a"}, "bogus": 1.0, "arn": nil},
		"requestParameters": map[string]any{"anything": []any{1.0}},
		"eventTime":         1.7e9,
	}
	var got []string
	for _, m := range ct.Check(doc) {
		got = append(got, m.String())
	}
	want := []string{
		"eventTime is a number where timestamp is declared",
		"readOnly is a string where boolean is declared",
		"resources[0].ARN is a number where string is declared",
		"userIdentity.bogus is not a field of its object (the schema lists them all)",
		"userIdentity.type is an array where string is declared",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !ct.Fits(map[string]any{"eventName": "X", "p_log_type": "AWS.CloudTrail"}) {
		t.Errorf("a fitting log does not fit")
	}
}

func TestClassifyTieAndLogTypeField(t *testing.T) {
	a, err := Parse("a.yml", []byte("log_type: A\nclassify:\n  - has: [x, y]\nfields:\n  x: string\n  y: string\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.yml", []byte("log_type: B\nclassify:\n  - has: [x]\n  - equals: {y: b, x: b}\nfields:\n  x: string\n  y: string\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Builtin().With(a, b)
	if err != nil {
		t.Fatal(err)
	}
	vc := r.ValueClassifier()
	for _, c := range []struct {
		doc  map[string]any
		want string
	}{
		{map[string]any{"x": "1"}, "B"},
		{map[string]any{"x": "1", "y": "2"}, "A"},          // the longer signature wins
		{map[string]any{"x": "b", "y": "b"}, ""},           // two log types tie
		{map[string]any{"x": "b", "p_log_type": "Q"}, "Q"}, // p_log_type decides
		{map[string]any{"x": nil}, ""},
	} {
		if got := vc.Classify(c.doc); got != c.want {
			t.Errorf("%v: got %q, want %q", c.doc, got, c.want)
		}
	}
	if _, err := r.With(a); err == nil {
		t.Errorf("a log type declared twice is accepted")
	}
}

func TestClassifyWindows(t *testing.T) {
	vc := Builtin().ValueClassifier()
	for _, c := range []struct {
		doc  string
		want string
	}{
		{`{"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Image":"C:\\x.exe"}`, "Windows.ProcessCreation"},
		{`{"EventID":"4688","Channel":"Security"}`, "Windows.ProcessCreation"},
		{`{"Image":"a","CommandLine":"b","ParentImage":"c"}`, "Windows.ProcessCreation"},
		{`{"EventID":12,"Channel":"Microsoft-Windows-Sysmon/Operational","EventType":"DeleteKey"}`, "Windows.RegistryDelete"},
		{`{"EventID":12,"Channel":"Microsoft-Windows-Sysmon/Operational"}`, "Windows.Sysmon"},
		{`{"EventID":4624,"Channel":"Security"}`, "Windows.Security"},
		{`{"EventID":13,"Channel":"Microsoft-Windows-Sysmon/Operational","TargetObject":"HKLM"}`, "Windows.RegistrySet"},
		{`{"EventID":4104,"Channel":"Microsoft-Windows-PowerShell/Operational"}`, "Windows.PsScript"},
	} {
		if got := vc.ClassifyJSON([]byte(c.doc)); got != c.want {
			t.Errorf("%s: got %q, want %q", c.doc, got, c.want)
		}
	}
	reg := Builtin()
	if !reg.RunsOn([]string{"Windows.RegistryEvent"}, "Windows.RegistrySet") || reg.RunsOn([]string{"Windows.RegistrySet"}, "Windows.RegistryEvent") {
		t.Error("registry_set events run registry_event rules, not the reverse")
	}
	if !reg.RunsOn([]string{"Windows.Sysmon"}, "Windows.NetworkConnection") || reg.RunsOn([]string{"Windows.Sysmon"}, "Windows.PsScript") {
		t.Error("Sysmon's categories are part of Windows.Sysmon, PowerShell's are not")
	}
	for _, lt := range reg.LogTypes() {
		if strings.HasPrefix(lt.Name, "Windows.") && (lt.Sigma == nil || lt.Sigma.Product != "windows" || (lt.Sigma.Category == "") == (lt.Sigma.Service == "")) {
			t.Errorf("%s: Sigma logsource %+v", lt.Name, lt.Sigma)
		}
	}
}

func TestLeaves(t *testing.T) {
	lt, err := Parse("x.yml", []byte(`log_type: X
fields:
  a: string
  o:
    type: object
    fields:
      b: number
      open: open object
  list:
    type: array of object
    fields:
      c: ip
  tags: array of string
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	lt.Root.Leaves(func(path []string, typ *Type) {
		got = append(got, strings.Join(path, ".")+" "+typ.String())
	})
	want := "a string|list array of object|list.c ip|o.b number|o.open open object|tags array of string"
	if strings.Join(got, "|") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, "|"), want)
	}
}
