package kql_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/ir"
)

func TestKibanaRule(t *testing.T) {
	r := &ir.Rule{
		ID: "X.Rule", Title: "X rule", Description: "d", Severity: ir.SeverityHigh,
		LogTypes: []string{"AWS.CloudTrail"}, Tags: []string{"AWS"}, References: []string{"https://x"},
		Runbook: "look", Enabled: true, Threshold: 5, DedupPeriodMinutes: 15,
		Mitre: []ir.Technique{{Tactic: "TA0005", Technique: "T1562.008"}, {Tactic: "TA0005", Technique: "T1562"}, {Tactic: "TA0040", Technique: "T1485"}},
		Cond:  cond(t, `eventName eq "StopLogging"`),
	}
	kr, err := kql.Kibana(r, kql.KibanaOptions{Profile: kql.ECS})
	if err != nil {
		t.Fatal(err)
	}
	data, err := kql.NDJSON([]*kql.KibanaRule{kr})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil || strings.Count(string(data), "\n") != 1 {
		t.Fatalf("%v: %s", err, data)
	}
	want := map[string]any{
		"rule_id": "X.Rule", "name": "X rule", "type": "threshold", "language": "kuery",
		"query": `event.action: "StopLogging"`, "severity": "high", "risk_score": 73.0,
		"interval": "15m", "from": "now-15m", "note": "look", "enabled": true,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if idx := got["index"].([]any); len(idx) != 1 || idx[0] != "logs-aws.cloudtrail-*" {
		t.Errorf("index = %v", idx)
	}
	if th := got["threshold"].(map[string]any); th["value"] != 5.0 || len(th["field"].([]any)) != 0 {
		t.Errorf("threshold = %v", th)
	}
	threat := got["threat"].([]any)
	if len(threat) != 2 {
		t.Fatalf("threat = %v", threat)
	}
	first := threat[0].(map[string]any)
	tech := first["technique"].([]any)[0].(map[string]any)
	if first["tactic"].(map[string]any)["name"] != "Defense Evasion" || tech["id"] != "T1562" ||
		tech["subtechnique"].([]any)[0].(map[string]any)["id"] != "T1562.008" || len(first["technique"].([]any)) != 1 {
		t.Errorf("threat[0] = %v", first)
	}
	again, _ := kql.Kibana(r, kql.KibanaOptions{Profile: kql.ECS})
	if again.ID != kr.ID || len(kr.ID) != 36 {
		t.Errorf("id %q is not a stable UUID-shaped id (%q)", kr.ID, again.ID)
	}

	// A rule KQL cannot express becomes an EQL rule; with a Threshold it is
	// an error, since threshold rules take KQL only.
	r.Cond = cond(t, `eventName regex "^Stop.+ing$"`)
	if _, err := kql.Kibana(r, kql.KibanaOptions{Profile: kql.Raw}); err == nil || !strings.Contains(err.Error(), "Threshold 5 on a rule that needs EQL") {
		t.Errorf("want a threshold/EQL error, got %v", err)
	}
	r.Threshold = 0
	kr, err = kql.Kibana(r, kql.KibanaOptions{Profile: kql.Raw, Index: []string{"my-*"}})
	if err != nil {
		t.Fatal(err)
	}
	if kr.Type != "eql" || kr.Language != "eql" || kr.Query != `any where eventName regex "Stop[^\n]+ing"` || kr.Index[0] != "my-*" {
		t.Errorf("eql rule: %+v", kr)
	}
}
