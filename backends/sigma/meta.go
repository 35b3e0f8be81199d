package sigma

import (
	"crypto/sha1"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// namespace is the UUID namespace of rulec's rule ids: the UUIDv5 of the URL
// "https://github.com/rulec/rulec/rules" in the URL namespace (RFC 9562).
var namespace = uuid5([16]byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8},
	"https://github.com/rulec/rulec/rules")

// uuid5 returns the name-based (SHA-1) UUID of name in namespace ns.
func uuid5(ns [16]byte, name string) [16]byte {
	h := sha1.New()
	h.Write(ns[:])
	h.Write([]byte(name))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return u
}

func formatUUID(u [16]byte) string {
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// RuleUUID is the Sigma id of a rule: the UUIDv5 of its RuleID in rulec's
// namespace, so converting the same rule always gives the same id.
// A RuleID that is itself a UUID (a rule read from Sigma) is kept.
func RuleUUID(ruleID string) string {
	if uuidText.MatchString(ruleID) {
		return ruleID
	}
	return formatUUID(uuid5(namespace, ruleID))
}

// ruleName is the rule's identity in Sigma's name attribute: its RuleID, or
// the file's base name for a rule that has none.
func ruleName(r *ir.Rule) string {
	if r.ID != "" {
		return r.ID
	}
	base := filepath.Base(r.File)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// levels maps Panther severities to Sigma levels.
var levels = []struct {
	sev   ir.Severity
	level string
}{
	{ir.SeverityInfo, "informational"},
	{ir.SeverityLow, "low"},
	{ir.SeverityMedium, "medium"},
	{ir.SeverityHigh, "high"},
	{ir.SeverityCritical, "critical"},
}

func levelOf(s ir.Severity) string {
	for _, l := range levels {
		if strings.EqualFold(string(l.sev), string(s)) {
			return l.level
		}
	}
	return ""
}

func severityOf(level string) ir.Severity {
	for _, l := range levels {
		if l.level == level {
			return l.sev
		}
	}
	return ""
}

// logsources maps the Panther log types the log-type registry (package
// schema, whose "sigma:" entries come first) does not hold to Sigma log
// sources, with SigmaHQ's names where SigmaHQ has rules for the source
// (m365, azure, google_workspace) and the same style elsewhere.
var logsources = []struct {
	logType string
	src     Logsource
}{
	{"AWS.GuardDuty", Logsource{Product: "aws", Service: "guardduty"}},
	{"AWS.ALB", Logsource{Product: "aws", Service: "alb"}},
	{"AWS.VPCDns", Logsource{Product: "aws", Service: "route53_resolver"}},
	{"AWS.SecurityFindingFormat", Logsource{Product: "aws", Service: "securityhub"}},
	{"GCP.HTTPLoadBalancer", Logsource{Product: "gcp", Service: "http_load_balancer"}},
	{"GitHub.Webhook", Logsource{Product: "github", Service: "webhook"}},
	{"Zoom.Activity", Logsource{Product: "zoom", Service: "activity"}},
	{"GSuite.Reports", Logsource{Product: "google_workspace", Service: "google_workspace.admin"}},
	{"GSuite.ActivityEvent", Logsource{Product: "google_workspace", Service: "google_workspace.admin"}},
	{"Azure.Audit", Logsource{Product: "azure", Service: "auditlogs"}},
	{"Azure.SignIn", Logsource{Product: "azure", Service: "signinlogs"}},
	{"Azure.Activity", Logsource{Product: "azure", Service: "activitylogs"}},
	{"Microsoft365.Audit.General", Logsource{Product: "m365", Service: "audit"}},
	{"Microsoft365.Audit.AzureActiveDirectory", Logsource{Product: "m365", Service: "audit"}},
	{"Microsoft365.Audit.Exchange", Logsource{Product: "m365", Service: "audit"}},
	{"Microsoft365.Audit.SharePoint", Logsource{Product: "m365", Service: "audit"}},
	{"OCSF.NetworkActivity", Logsource{Category: "network_connection", Product: "ocsf"}},
	{"Slack.AuditLogs", Logsource{Product: "slack", Service: "audit"}},
	{"OnePassword.SignInAttempt", Logsource{Product: "onepassword", Service: "signin_attempt"}},
	{"Crowdstrike.FDREvent", Logsource{Product: "crowdstrike", Service: "fdr"}},
}

// registryLogsource returns the Sigma log source the registry declares for
// a log type.
func registryLogsource(reg *schema.Registry, t string) (Logsource, bool) {
	if reg == nil {
		reg = schema.Builtin()
	}
	lt := reg.Lookup(t)
	if lt == nil || lt.Sigma == nil {
		return Logsource{}, false
	}
	return Logsource{Category: lt.Sigma.Category, Product: lt.Sigma.Product, Service: lt.Sigma.Service}, true
}

var sigmaNamePart = regexp.MustCompile(`[^a-z0-9._-]+`)

// logsourceFor returns the Sigma log source of a rule's log types. Types
// outside the table become product/service from their two parts; several
// types keep their common product (else the product panther) and list the
// types in the definition.
func logsourceFor(reg *schema.Registry, types []string) Logsource {
	if len(types) == 0 {
		return Logsource{}
	}
	var srcs []Logsource
	for _, t := range types {
		srcs = append(srcs, logsourceOf(reg, t))
	}
	if len(srcs) == 1 {
		src := srcs[0]
		if _, known := lookupLogType(reg, types[0]); !known {
			src.Definition = "Panther log type " + types[0]
		}
		return src
	}
	common := srcs[0]
	for _, s := range srcs[1:] {
		if s.Product != common.Product {
			common.Product = ""
		}
		if s.Service != common.Service {
			common.Service = ""
		}
		if s.Category != common.Category {
			common.Category = ""
		}
	}
	if common.IsZero() {
		// Sigma needs a category, product or service. The rule spans log
		// types of several products, as stored in Panther's data lake
		// (whose p_log_type field such rules test): Panther is the product.
		common.Product = "panther"
	}
	common.Definition = "Panther log types " + strings.Join(types, ", ")
	return common
}

func lookupLogType(reg *schema.Registry, t string) (Logsource, bool) {
	if src, ok := registryLogsource(reg, t); ok {
		return src, true
	}
	for _, l := range logsources {
		if l.logType == t {
			return l.src, true
		}
	}
	return Logsource{}, false
}

func logsourceOf(reg *schema.Registry, t string) Logsource {
	if src, ok := lookupLogType(reg, t); ok {
		return src
	}
	product, service, _ := strings.Cut(t, ".")
	clean := func(s string) string {
		return strings.Trim(sigmaNamePart.ReplaceAllString(strings.ToLower(s), "_"), "_")
	}
	return Logsource{Product: clean(product), Service: clean(service)}
}

// logTypesFor reads log types back from a log source: the definition rulec
// writes, else the registry's shipped log types, else the table.
func logTypesFor(l Logsource) []string {
	for _, prefix := range []string{"Panther log types ", "Panther log type "} {
		if rest, ok := strings.CutPrefix(l.Definition, prefix); ok {
			return strings.Split(rest, ", ")
		}
	}
	for _, lt := range schema.Builtin().LogTypes() {
		if s := lt.Sigma; s != nil && s.Product == l.Product && s.Service == l.Service && s.Category == l.Category {
			return []string{lt.Name}
		}
	}
	for _, e := range logsources {
		if e.src.Product == l.Product && e.src.Service == l.Service && e.src.Category == l.Category {
			return []string{e.logType}
		}
	}
	return nil
}

// tactics maps MITRE ATT&CK enterprise tactic ids to Sigma's tactic tags.
var tactics = []struct{ id, tag string }{
	{"TA0001", "initial-access"},
	{"TA0002", "execution"},
	{"TA0003", "persistence"},
	{"TA0004", "privilege-escalation"},
	{"TA0005", "defense-evasion"},
	{"TA0006", "credential-access"},
	{"TA0007", "discovery"},
	{"TA0008", "lateral-movement"},
	{"TA0009", "collection"},
	{"TA0010", "exfiltration"},
	{"TA0011", "command-and-control"},
	{"TA0040", "impact"},
	{"TA0042", "resource-development"},
	{"TA0043", "reconnaissance"},
}

// sigmaTag is the schema's pattern for tags.
var sigmaTag = regexp.MustCompile(`^[a-z0-9_-]+\.[a-z0-9._-]+$`)

var uuidText = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

var techniqueID = regexp.MustCompile(`^T[0-9]{4}(\.[0-9]{3})?$`)

// sigmaNamespaces are the tag namespaces of the Sigma tags appendix (and
// pySigma's NamespaceTagValidator); a Panther label outside them is kept in
// the panther_tags custom attribute instead.
var sigmaNamespaces = map[string]bool{
	"attack": true, "car": true, "cve": true, "d3fend": true, "detection": true, "stp": true, "tlp": true,
}

// isSigmaTag reports whether a rule's own tag is already a Sigma tag (one
// read from a Sigma rule) that stays in tags.
func isSigmaTag(t string) bool {
	ns, _, _ := strings.Cut(t, ".")
	return sigmaTag.MatchString(t) && sigmaNamespaces[ns]
}

// tagsFor returns a rule's Sigma tags: attack.<tactic> and attack.tNNNN from
// its MITRE ATT&CK entries, then those of its own tags that are Sigma tags.
func tagsFor(r *ir.Rule) []string {
	var out []string
	seen := map[string]bool{}
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	// Tactic names rulec's table lacks (ATT&CK v19's attack.stealth) go
	// first, where SigmaHQ writes tactics.
	for _, t := range r.Tags {
		if ns, name, _ := strings.Cut(t, "."); ns == "attack" && isSigmaTag(t) && !strings.ContainsAny(name, "0123456789") {
			add(t)
		}
	}
	techniques := append([]ir.Technique(nil), r.Mitre...)
	for _, rep := range r.Reports {
		if !strings.EqualFold(rep.Framework, "MITRE ATT&CK") {
			continue
		}
		for _, item := range rep.Items {
			tac, tech, ok := strings.Cut(item, ":")
			if !ok {
				tac, tech = "", item
			}
			techniques = append(techniques, ir.Technique{Tactic: strings.TrimSpace(tac), Technique: strings.TrimSpace(tech)})
		}
	}
	for _, t := range techniques {
		for _, tac := range tactics {
			if strings.EqualFold(tac.id, t.Tactic) {
				add("attack." + tac.tag)
			}
		}
		if techniqueID.MatchString(strings.ToUpper(t.Technique)) {
			add("attack." + strings.ToLower(t.Technique))
		}
	}
	for _, t := range r.Tags {
		if isSigmaTag(t) {
			add(t)
		}
	}
	return out
}

// pantherTagsFor returns the rule's own tags that are not Sigma tags, as
// written: Panther's labels ("Configuration Required") have no Sigma
// namespace, so they go into the panther_tags custom attribute.
func pantherTagsFor(r *ir.Rule) []string {
	var out []string
	for _, t := range r.Tags {
		if !isSigmaTag(t) {
			out = append(out, t)
		}
	}
	return uniq(out)
}

// readTags splits Sigma tags back into MITRE techniques and plain tags. A
// technique takes the tactic tag before it; a tactic no technique takes is
// kept on its own, so every attack tag survives the round trip.
func readTags(tags []string, r *ir.Rule) {
	tactic, used := "", true
	flush := func() {
		if !used {
			r.Mitre = append(r.Mitre, ir.Technique{Tactic: tactic})
		}
	}
	for _, t := range tags {
		ns, name, _ := strings.Cut(t, ".")
		switch {
		case ns == "attack" && techniqueID.MatchString(strings.ToUpper(name)):
			r.Mitre = append(r.Mitre, ir.Technique{Tactic: tactic, Technique: strings.ToUpper(name)})
			used = true
		case ns == "attack" && tacticID(name) != "":
			flush()
			tactic, used = tacticID(name), false
		case ns == "panther":
			r.Tags = append(r.Tags, name)
		default:
			r.Tags = append(r.Tags, t)
		}
	}
	flush()
}

// tacticID returns the ATT&CK id of a tactic tag's name ("" for other
// attack tags: groups, software, mitigations); SigmaHQ wrote tactics with
// underscores before 2024.
func tacticID(name string) string {
	for _, tac := range tactics {
		if tac.tag == strings.ReplaceAll(name, "_", "-") {
			return tac.id
		}
	}
	return ""
}
