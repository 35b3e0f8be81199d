package sigma

import (
	"reflect"
	"testing"

	"github.com/rulec/rulec/ir"
)

func TestUUID5(t *testing.T) {
	// RFC 9562's DNS namespace and Python's uuid.uuid5(NAMESPACE_DNS, "python.org").
	dns := [16]byte{0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	if got := formatUUID(uuid5(dns, "python.org")); got != "886313e1-3b8a-5372-9b90-0c9aee199e5d" {
		t.Errorf("uuid5 = %s", got)
	}
	if RuleUUID("A") == RuleUUID("B") || RuleUUID("A") != RuleUUID("A") {
		t.Error("rule ids are not a function of the RuleID")
	}
}

func TestMetadata(t *testing.T) {
	r := &ir.Rule{
		ID: "X", Severity: ir.SeverityInfo, Tags: []string{"Security Control", "AWS"},
		Mitre:   []ir.Technique{{Tactic: "TA0005", Technique: "T1562.008"}, {Technique: "T1078"}},
		Reports: []ir.Report{{Framework: "MITRE ATT&CK", Items: []string{"TA0006:T1110"}}, {Framework: "CIS", Items: []string{"3.5"}}},
	}
	if got := levelOf(r.Severity); got != "informational" {
		t.Errorf("level %q", got)
	}
	want := []string{"attack.defense-evasion", "attack.t1562.008", "attack.t1078", "attack.credential-access", "attack.t1110"}
	if got := tagsFor(r); !reflect.DeepEqual(got, want) {
		t.Errorf("tags %q, want %q", got, want)
	}
	if got := pantherTagsFor(r); !reflect.DeepEqual(got, []string{"Security Control", "AWS"}) {
		t.Errorf("panther_tags %q", got)
	}
	for _, tc := range []struct {
		types []string
		want  Logsource
	}{
		{[]string{"AWS.CloudTrail"}, Logsource{Product: "aws", Service: "cloudtrail"}},
		{[]string{"GCP.AuditLog"}, Logsource{Product: "gcp", Service: "gcp.audit"}},
		{[]string{"Windows.ProcessCreation"}, Logsource{Category: "process_creation", Product: "windows"}},
		{[]string{"Azure.SignIn"}, Logsource{Product: "azure", Service: "signinlogs"}},
		{[]string{"Acme.Audit Events"}, Logsource{Product: "acme", Service: "audit_events", Definition: "Panther log type Acme.Audit Events"}},
		{[]string{"AWS.CloudTrail", "AWS.VPCFlow"}, Logsource{Product: "aws", Definition: "Panther log types AWS.CloudTrail, AWS.VPCFlow"}},
		{[]string{"AWS.VPCFlow", "OCSF.NetworkActivity"}, Logsource{Product: "panther", Definition: "Panther log types AWS.VPCFlow, OCSF.NetworkActivity"}},
	} {
		got := logsourceFor(nil, tc.types)
		if got != tc.want {
			t.Errorf("%v: %+v, want %+v", tc.types, got, tc.want)
		}
		if back := logTypesFor(got); !reflect.DeepEqual(back, tc.types) {
			t.Errorf("%v read back as %v", tc.types, back)
		}
	}
}

func TestReadTagsKeepsEveryTactic(t *testing.T) {
	r := &ir.Rule{}
	readTags([]string{"attack.persistence", "attack.privilege_escalation", "attack.t1543.003", "attack.g0016", "detection.threat-hunting", "attack.impact", "attack.stealth", "attack.t1027"}, r)
	want := []string{"attack.stealth", "attack.persistence", "attack.privilege-escalation", "attack.t1543.003", "attack.impact", "attack.t1027", "attack.g0016", "detection.threat-hunting"}
	if got := tagsFor(r); !reflect.DeepEqual(got, want) {
		t.Errorf("tags %q, want %q", got, want)
	}
}
