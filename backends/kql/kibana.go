package kql

import (
	"bytes"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// KibanaRule is an Elastic Security detection rule in the form Kibana's
// rule import (Stack Management → Rules → Import, NDJSON) reads.
type KibanaRule struct {
	ID          string           `json:"id"`
	RuleID      string           `json:"rule_id"`
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Type        string           `json:"type"`
	Language    string           `json:"language"`
	Query       string           `json:"query"`
	Index       []string         `json:"index"`
	Severity    string           `json:"severity"`
	RiskScore   int              `json:"risk_score"`
	Threat      []KibanaThreat   `json:"threat"`
	Tags        []string         `json:"tags"`
	References  []string         `json:"references"`
	Note        string           `json:"note,omitempty"`
	Threshold   *KibanaThreshold `json:"threshold,omitempty"`
	Enabled     bool             `json:"enabled"`
	From        string           `json:"from"`
	Interval    string           `json:"interval"`
	MaxSignals  int              `json:"max_signals"`
	Author      []string         `json:"author"`
	Version     int              `json:"version"`
}

// KibanaThreshold is a threshold rule's grouping and count.
type KibanaThreshold struct {
	Field []string `json:"field"`
	Value int      `json:"value"`
}

// KibanaThreat is one MITRE ATT&CK tactic with its techniques.
type KibanaThreat struct {
	Framework string            `json:"framework"`
	Tactic    KibanaRef         `json:"tactic"`
	Technique []KibanaTechnique `json:"technique"`
}

// KibanaRef names a tactic or technique.
type KibanaRef struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Reference string `json:"reference"`
}

// KibanaTechnique is a technique with its sub-techniques.
type KibanaTechnique struct {
	KibanaRef
	Subtechnique []KibanaRef `json:"subtechnique,omitempty"`
}

// tactics names MITRE ATT&CK enterprise tactics.
var tactics = map[string]string{
	"TA0001": "Initial Access", "TA0002": "Execution", "TA0003": "Persistence",
	"TA0004": "Privilege Escalation", "TA0005": "Defense Evasion", "TA0006": "Credential Access",
	"TA0007": "Discovery", "TA0008": "Lateral Movement", "TA0009": "Collection",
	"TA0010": "Exfiltration", "TA0011": "Command and Control", "TA0040": "Impact",
	"TA0042": "Resource Development", "TA0043": "Reconnaissance",
}

// severities maps Panther severities to Kibana's severity and risk score
// (Elastic's prebuilt rules use 21, 47, 73 and 99).
var severities = map[ir.Severity]struct {
	name string
	risk int
}{
	ir.SeverityInfo:     {"low", 1},
	ir.SeverityLow:      {"low", 21},
	ir.SeverityMedium:   {"medium", 47},
	ir.SeverityHigh:     {"high", 73},
	ir.SeverityCritical: {"critical", 99},
}

// KibanaOptions tune the detection rule.
type KibanaOptions struct {
	Profile Profile
	Index   []string         // overrides the log types' index patterns
	Schemas *schema.Registry // the raw profile's types (nil: the shipped registry)
}

// Kibana builds the rule's detection rule: a KQL (kuery) query when KQL
// expresses the rule, its EQL form when only EQL does (regexes, ? and
// character classes), and a threshold rule when the rule has a Threshold.
func Kibana(r *ir.Rule, opt KibanaOptions) (*KibanaRule, error) {
	kr := &KibanaRule{
		RuleID:      r.ID,
		Name:        r.Title,
		Description: r.Description,
		Tags:        append([]string{}, r.Tags...),
		References:  append([]string{}, r.References...),
		Note:        r.Runbook,
		Enabled:     r.Enabled,
		MaxSignals:  100,
		Author:      []string{"rulec"},
		Version:     1,
		Threat:      threats(r.Mitre),
	}
	if kr.Name == "" {
		kr.Name = r.ID
	}
	if kr.Description == "" {
		kr.Description = kr.Name // Kibana requires a description
	}
	sum := sha1.Sum([]byte("rulec/" + r.ID))
	kr.ID = fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
	sev, ok := severities[r.Severity]
	if !ok {
		sev = severities[ir.SeverityMedium]
	}
	kr.Severity, kr.RiskScore = sev.name, sev.risk
	minutes := r.DedupPeriodMinutes
	if minutes <= 0 {
		minutes = 60
	}
	kr.Interval = fmt.Sprintf("%dm", minutes)
	kr.From = fmt.Sprintf("now-%dm", minutes)

	kr.Index = opt.Index
	if len(kr.Index) == 0 {
		lts := r.LogTypes
		if len(lts) == 0 {
			lts = []string{""}
		}
		for _, lt := range lts {
			kr.Index = append(kr.Index, Mapping{Profile: opt.Profile, LogType: lt}.IndexPattern())
		}
		kr.Index = dedupe(kr.Index)
	}

	q, m, err := CompileRuleWith(r, opt.Profile, opt.Schemas)
	kr.Type, kr.Language, kr.Query = "query", "kuery", q
	if err != nil {
		var e *ir.Error
		if !errors.As(err, &e) || e.Code != ir.CodeUnsupported {
			return nil, err
		}
		eq, eerr := CompileEQL(r, m)
		if eerr != nil {
			// Report the KQL error, positioned, and the EQL form's reason.
			reason := eerr.Error()
			var ee *ir.Error
			if errors.As(eerr, &ee) {
				reason = ee.Msg
				if _, after, ok := strings.Cut(reason, "eql ("+opt.Profile.String()+"): "); ok {
					reason = after
				}
			}
			if strings.HasSuffix(e.Msg, "): "+reason) {
				return nil, e // the same reason in both languages
			}
			out := *e
			out.Msg = e.Msg + "; and in EQL: " + reason
			return nil, &out
		}
		kr.Type, kr.Language, kr.Query = "eql", "eql", eq
	}
	if r.Threshold > 1 {
		if kr.Language == "eql" {
			return nil, ir.Unsupported(r, r.At, "kibana", fmt.Sprintf("Threshold %d on a rule that needs EQL (Kibana's threshold rules take KQL only)", r.Threshold))
		}
		kr.Type = "threshold"
		kr.Threshold = &KibanaThreshold{Field: []string{}, Value: r.Threshold}
	}
	return kr, nil
}

func threats(ts []ir.Technique) []KibanaThreat {
	byTactic := map[string]*KibanaThreat{}
	var order []string
	for _, t := range ts {
		tac := t.Tactic
		th, ok := byTactic[tac]
		if !ok {
			name := tactics[tac]
			if name == "" {
				name = tac
			}
			th = &KibanaThreat{Framework: "MITRE ATT&CK", Tactic: KibanaRef{ID: tac, Name: name,
				Reference: "https://attack.mitre.org/tactics/" + tac + "/"}, Technique: []KibanaTechnique{}}
			byTactic[tac] = th
			order = append(order, tac)
		}
		if t.Technique == "" {
			continue
		}
		base, sub, hasSub := strings.Cut(t.Technique, ".")
		var tech *KibanaTechnique
		for i := range th.Technique {
			if th.Technique[i].ID == base {
				tech = &th.Technique[i]
			}
		}
		if tech == nil {
			th.Technique = append(th.Technique, KibanaTechnique{KibanaRef: KibanaRef{ID: base, Name: base,
				Reference: "https://attack.mitre.org/techniques/" + base + "/"}})
			tech = &th.Technique[len(th.Technique)-1]
		}
		if hasSub {
			tech.Subtechnique = append(tech.Subtechnique, KibanaRef{ID: t.Technique, Name: t.Technique,
				Reference: "https://attack.mitre.org/techniques/" + base + "/" + sub + "/"})
		}
	}
	out := []KibanaThreat{}
	for _, tac := range order {
		if tac == "" {
			continue // Kibana needs a tactic for every threat entry
		}
		out = append(out, *byTactic[tac])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Tactic.ID < out[j].Tactic.ID })
	return out
}

// NDJSON encodes rules one JSON object per line, without HTML escaping.
func NDJSON(rules []*KibanaRule) ([]byte, error) {
	var buf bytes.Buffer
	for _, kr := range rules {
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(kr); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}
