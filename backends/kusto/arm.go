package kusto

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// ARM writes the rule as a Microsoft Sentinel Scheduled analytics rule in
// the ARM template form Sentinel's "Export" produces (resource type
// Microsoft.OperationalInsights/workspaces/providers/alertRules, kind
// Scheduled; property names from the Sentinel REST API's
// ScheduledAlertRuleProperties). The query is the rule's query in profile
// p; queryFrequency and queryPeriod are the rule's dedup period (60 minutes
// when it has none); a Threshold of N becomes triggerOperator GreaterThan
// with triggerThreshold N-1; tactics and techniques come from the rule's
// MITRE ATT&CK table; output fields whose column names an account, an IP
// address or a host become entityMappings.
func ARM(r *ir.Rule, p Profile, reg *schema.Registry) ([]byte, error) {
	q, _, err := CompileTable(r, p, reg)
	if err != nil {
		return nil, err
	}
	id := ruleGUID(r.ID)
	period := r.DedupPeriodMinutes
	if period <= 0 {
		period = 60
	}
	threshold := 0
	if r.Threshold > 1 {
		threshold = r.Threshold - 1
	}
	props := armProperties{
		DisplayName:         r.Title,
		Description:         r.Description,
		Severity:            armSeverity(r.Severity),
		Enabled:             r.Enabled,
		Query:               strings.TrimSuffix(q.String(), "\n"),
		QueryFrequency:      isoMinutes(period),
		QueryPeriod:         isoMinutes(period),
		TriggerOperator:     "GreaterThan",
		TriggerThreshold:    threshold,
		SuppressionDuration: "PT5H",
		SuppressionEnabled:  false,
		Tactics:             armTactics(r),
		Techniques:          armTechniques(r),
		EntityMappings:      entityMappings(q),
		EventGroupingSettings: map[string]string{
			"aggregationKind": "SingleAlert",
		},
		IncidentConfiguration: map[string]any{
			"createIncident": true,
			"groupingConfiguration": map[string]any{
				"enabled": false, "reopenClosedIncident": false, "lookbackDuration": "PT5H",
				"matchingMethod": "AllEntities", "groupByEntities": []string{}, "groupByAlertDetails": []string{}, "groupByCustomDetails": []string{},
			},
		},
	}
	if props.DisplayName == "" {
		props.DisplayName = r.ID
	}
	tmpl := map[string]any{
		"$schema":        "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
		"contentVersion": "1.0.0.0",
		"parameters": map[string]any{
			"workspace": map[string]string{"type": "String"},
		},
		"resources": []any{map[string]any{
			"id":         fmt.Sprintf("[concat(resourceId('Microsoft.OperationalInsights/workspaces/providers', parameters('workspace'), 'Microsoft.SecurityInsights'),'/alertRules/%s')]", id),
			"name":       fmt.Sprintf("[concat(parameters('workspace'),'/Microsoft.SecurityInsights/%s')]", id),
			"type":       "Microsoft.OperationalInsights/workspaces/providers/alertRules",
			"kind":       "Scheduled",
			"apiVersion": "2023-12-01-preview",
			"properties": props,
		}},
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tmpl); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

type armProperties struct {
	DisplayName           string            `json:"displayName"`
	Description           string            `json:"description"`
	Severity              string            `json:"severity"`
	Enabled               bool              `json:"enabled"`
	Query                 string            `json:"query"`
	QueryFrequency        string            `json:"queryFrequency"`
	QueryPeriod           string            `json:"queryPeriod"`
	TriggerOperator       string            `json:"triggerOperator"`
	TriggerThreshold      int               `json:"triggerThreshold"`
	SuppressionDuration   string            `json:"suppressionDuration"`
	SuppressionEnabled    bool              `json:"suppressionEnabled"`
	Tactics               []string          `json:"tactics"`
	Techniques            []string          `json:"techniques"`
	EntityMappings        []entityMapping   `json:"entityMappings,omitempty"`
	EventGroupingSettings map[string]string `json:"eventGroupingSettings"`
	IncidentConfiguration map[string]any    `json:"incidentConfiguration"`
}

type entityMapping struct {
	EntityType    string         `json:"entityType"`
	FieldMappings []fieldMapping `json:"fieldMappings"`
}

type fieldMapping struct {
	Identifier string `json:"identifier"`
	ColumnName string `json:"columnName"`
}

// ruleGUID derives a stable GUID from the rule ID (a name-based UUID,
// version 5 layout over SHA-256), so re-exporting keeps the same resource.
func ruleGUID(id string) string {
	h := sha256.Sum256([]byte("rulec/kusto/" + id))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

func isoMinutes(m int) string {
	if m%1440 == 0 {
		return fmt.Sprintf("P%dD", m/1440)
	}
	if m%60 == 0 {
		return fmt.Sprintf("PT%dH", m/60)
	}
	return fmt.Sprintf("PT%dM", m)
}

// armSeverity maps Panther's severities to Sentinel's four.
func armSeverity(s ir.Severity) string {
	switch strings.ToLower(string(s)) {
	case "critical", "high":
		return "High"
	case "medium":
		return "Medium"
	case "low":
		return "Low"
	}
	return "Informational"
}

// sentinelTactics names MITRE ATT&CK enterprise tactics as Sentinel's
// AttackTactic enumeration spells them.
var sentinelTactics = map[string]string{
	"TA0001": "InitialAccess", "TA0002": "Execution", "TA0003": "Persistence",
	"TA0004": "PrivilegeEscalation", "TA0005": "DefenseEvasion", "TA0006": "CredentialAccess",
	"TA0007": "Discovery", "TA0008": "LateralMovement", "TA0009": "Collection",
	"TA0010": "Exfiltration", "TA0011": "CommandAndControl", "TA0040": "Impact",
	"TA0042": "ResourceDevelopment", "TA0043": "Reconnaissance",
}

func armTactics(r *ir.Rule) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range r.Mitre {
		if name, ok := sentinelTactics[t.Tactic]; ok && !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// armTechniques lists the parent techniques (Sentinel's techniques field
// takes Txxxx; sub-techniques go to subTechniques in newer API versions).
func armTechniques(r *ir.Rule) []string {
	seen := map[string]bool{}
	out := []string{}
	for _, t := range r.Mitre {
		id, _, _ := strings.Cut(t.Technique, ".")
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

// entityMappings maps projected columns whose names say what they hold:
// an IP address, a host, or an account (user, principal, actor, ARN).
func entityMappings(q *Query) []entityMapping {
	var proj *Project
	for _, o := range q.Ops {
		if p, ok := o.(*Project); ok {
			proj = p
		}
	}
	if proj == nil {
		return nil
	}
	var ms []entityMapping
	used := map[string]bool{}
	for _, c := range proj.Cols {
		kind, ident := entityOf(c.Name)
		if kind == "" || used[kind] {
			continue
		}
		used[kind] = true
		ms = append(ms, entityMapping{EntityType: kind, FieldMappings: []fieldMapping{{Identifier: ident, ColumnName: c.Name}}})
	}
	return ms
}

func entityOf(col string) (kind, identifier string) {
	l := strings.ToLower(col)
	switch {
	case strings.Contains(l, "ipaddress") || strings.HasSuffix(l, "ip") || strings.Contains(l, "_ip") || strings.Contains(l, "remoteip") || strings.Contains(l, "sourceip"):
		return "IP", "Address"
	case strings.Contains(l, "hostname") || strings.Contains(l, "computer"):
		return "Host", "HostName"
	case strings.Contains(l, "arn") && strings.Contains(l, "user") || strings.Contains(l, "principal") || strings.Contains(l, "username") || strings.Contains(l, "actor") || strings.Contains(l, "email") || strings.Contains(l, "alternateid"):
		return "Account", "FullName"
	}
	return "", ""
}
