package athena

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/rulec/rulec/internal/testutil"
	"github.com/rulec/rulec/ir"
)

// convertAllProfiles converts every rule under every profile, returning the
// queries and, per profile, the errors of the rules it cannot express.
func convertAllProfiles(t *testing.T, rules []*ir.Rule) (map[ProfileName][]*Query, map[ProfileName][]string) {
	t.Helper()
	qs := map[ProfileName][]*Query{}
	errs := map[ProfileName][]string{}
	for _, p := range Profiles() {
		for _, r := range rules {
			q, err := Convert(r, Options{Profile: p})
			if err != nil {
				var ie *ir.Error
				if !errors.As(err, &ie) || ie.Code != ir.CodeUnsupported {
					t.Fatalf("rule %s, profile %s: not an unsupported-construct error: %v", r.ID, p, err)
				}
				errs[p] = append(errs[p], relPath(err.Error()))
				continue
			}
			qs[p] = append(qs[p], q)
		}
	}
	return qs, errs
}

func relPath(s string) string {
	return strings.ReplaceAll(s, testutil.RepoRoot()+string(filepath.Separator), "")
}

// TestGoldens writes one golden query per bundled rule and profile, and
// per profile the list of rules it cannot express with their errors.
func TestGoldens(t *testing.T) {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	if len(rules) == 0 {
		t.Fatal("no bundled rules")
	}
	qs, errs := convertAllProfiles(t, rules)
	for _, p := range Profiles() {
		dir := filepath.Join("testdata", "golden", string(p))
		want := map[string]bool{}
		for _, q := range qs[p] {
			name := q.RuleID + ".sql"
			want[name] = true
			testutil.Golden(t, filepath.Join(dir, name), []byte(q.Text()))
		}
		sort.Strings(errs[p])
		want["unsupported.txt"] = true
		testutil.Golden(t, filepath.Join(dir, "unsupported.txt"), []byte(strings.Join(errs[p], "\n")+"\n"))
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if !want[e.Name()] {
				if testutil.UpdateGolden() {
					os.Remove(filepath.Join(dir, e.Name()))
				} else {
					t.Errorf("%s: stale golden file (UPDATE_GOLDEN=1 removes it)", filepath.Join(dir, e.Name()))
				}
			}
		}
	}
	// Every bundled rule converts under the profile its LogTypes choose.
	for _, r := range rules {
		if _, err := Convert(r, Options{}); err != nil {
			t.Errorf("rule %s does not convert under its own profile: %v", r.ID, err)
		}
	}
}

func TestDDLGoldens(t *testing.T) {
	for _, p := range Profiles() {
		testutil.Golden(t, filepath.Join("testdata", "ddl", string(p)+".sql"), []byte(DDL(p, "", "")))
	}
	got := DDL(ProfileCloudTrail, "security.trail", "s3://logs/AWSLogs/1/CloudTrail/us-east-1")
	for _, want := range []string{"CREATE EXTERNAL TABLE `security`.`trail`", "'storage.location.template' = 's3://logs/AWSLogs/1/CloudTrail/us-east-1/${timestamp}'",
		"PARTITIONED BY (`timestamp` string)", "`resources` array<struct<arn:string,accountid:string,type:string>>"} {
		if !strings.Contains(got, want) {
			t.Errorf("DDL lacks %q:\n%s", want, got)
		}
	}
}

// hostileRule builds a one-predicate rule for tests.
func predRule(id string, logTypes []string, p *ir.Pred) *ir.Rule {
	p.At = ir.Pos{Line: 3, Col: 5}
	p.ArgPos = ir.Pos{Line: 3, Col: 20}
	return &ir.Rule{ID: id, File: "rules/" + id + ".yml", LogTypes: logTypes, Cond: p}
}

func pred(field string, op ir.Op, args ...ir.Value) *ir.Pred {
	p := &ir.Pred{Field: ir.ParsePath(field), Op: op, Args: args}
	switch op {
	case ir.OpWildcard, ir.OpWildcardFold:
		g, err := ir.CompileGlob(op, p.Str())
		if err != nil {
			panic(err)
		}
		p.Glob = g
	case ir.OpRegex:
		p.Re = regexp.MustCompile(p.Str())
	}
	return p
}

func cidrPred(field, network string) *ir.Pred {
	p := pred(field, ir.OpCIDR, ir.String(network))
	p.Net = netip.MustParsePrefix(network)
	return p
}

func TestIPv6NetworkEmits(t *testing.T) {
	q, err := Convert(predRule("V6", []string{"AWS.CloudTrail"}, cidrPred("sourceIPAddress", "2001:db8::/32")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := "contains('2001:db8::/32', CASE WHEN strpos(sourceipaddress, '%') = 0 AND strpos(CAST(TRY_CAST(sourceipaddress AS IPADDRESS) AS VARCHAR), ':') > 0 THEN TRY_CAST(sourceipaddress AS IPADDRESS) END)"
	if !strings.Contains(q.Events, want) {
		t.Errorf("IPv6 cidr:\n%s", q.Events)
	}
}

func TestProfileChoiceAndOverrides(t *testing.T) {
	cases := []struct {
		logTypes []string
		profile  ProfileName
		table    string
	}{
		{[]string{"AWS.CloudTrail"}, ProfileCloudTrail, "cloudtrail_logs"},
		{[]string{"AWS.S3ServerAccess"}, ProfileS3Access, "s3_access_logs"},
		{[]string{"GCP.AuditLog"}, ProfileJSON, "gcp_audit_log"},
		{[]string{"Okta.SystemLog"}, ProfileJSON, "okta_system_log"},
		{[]string{"AWS.VPCFlow", "OCSF.NetworkActivity"}, ProfileJSON, "aws_vpc_flow"},
		{[]string{"AWS.CloudTrail", "GCP.AuditLog"}, ProfileJSON, "aws_cloud_trail"},
		{nil, ProfileJSON, "events"},
	}
	for _, c := range cases {
		field := "eventName"
		if c.profile == ProfileS3Access {
			field = "operation"
		}
		r := predRule("R", c.logTypes, pred(field, ir.OpEq, ir.String("x")))
		q, err := Convert(r, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if q.Profile != c.profile || q.Table != c.table {
			t.Errorf("%v: profile %s table %s, want %s %s", c.logTypes, q.Profile, q.Table, c.profile, c.table)
		}
	}
	r := predRule("R", []string{"AWS.CloudTrail"}, pred("eventName", ir.OpEq, ir.String("x")))
	q, err := Convert(r, Options{Profile: ProfileJSON, Table: "lake.trail"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(q.Events, "FROM lake.trail") || !strings.Contains(q.Events, "json_extract_scalar(raw, '$.eventName') = 'x'") {
		t.Errorf("overrides not applied:\n%s", q.Events)
	}
	q, err = Convert(r, Options{Table: "logs.order"})
	if err != nil || !strings.Contains(q.Events, `FROM logs."order"`) {
		t.Errorf("a reserved table name is not quoted: %v\n%v", err, q)
	}
}

func TestUnsupportedErrorsArePositioned(t *testing.T) {
	cases := []struct {
		rule *ir.Rule
		want string
	}{
		{predRule("R1", []string{"AWS.CloudTrail"}, pred("managementEvent", ir.OpEq, ir.Bool(true))),
			"rules/R1.yml:3:5: rule R1: athena: field managementEvent, which is not a column of the cloudtrail table (use --profile json for other events) is not supported"},
		{predRule("R2", []string{"AWS.CloudTrail"}, pred("userIdentity", ir.OpIsNull)),
			"rules/R2.yml:3:5: rule R2: athena: a predicate on userIdentity, a whole STRUCT is not supported"},
		{predRule("R3", []string{"AWS.S3ServerAccess"}, pred("bucket_name", ir.OpEq, ir.String("b"))),
			"rules/R3.yml:3:5: rule R3: athena: field bucket_name, which is not a column of the s3access table"},
		{predRule("R4", nil, pred("a", ir.OpRegex, ir.String(`\bword\b`))),
			`rules/R4.yml:3:20: rule R4: athena: word boundaries (\b, \B), which Java regexes define differently in a regex is not supported`},
		{predRule("R5", nil, pred("a", ir.OpEq, ir.String("nul\x00"))),
			"rules/R5.yml:3:20: rule R5: athena: a NUL character in a literal is not supported"},
		{predRule("R6", nil, cidrPred("ip", "::/0")),
			"rules/R6.yml:3:20: rule R6: athena: cidr ::/0, an IPv6 network holding IPv4-mapped addresses, which Trino's IPADDRESS cannot tell from IPv4 is not supported"},
	}
	for _, c := range cases {
		_, err := Convert(c.rule, Options{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("got %v\nwant %s", err, c.want)
		}
	}
}

func TestSinceUntil(t *testing.T) {
	since := time.Date(2024, 1, 30, 0, 0, 0, 0, time.UTC)
	until := time.Date(2024, 2, 2, 0, 0, 0, 0, time.UTC)
	r := predRule("R", []string{"AWS.CloudTrail"}, pred("eventName", ir.OpEq, ir.String("x")))
	q, err := Convert(r, Options{Since: since, Until: until})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"timestamp" >= '2024/01/30'`, `"timestamp" <= '2024/02/01'`,
		`from_iso8601_timestamp(eventtime) >= from_iso8601_timestamp('2024-01-30T00:00:00.000Z')`,
		`from_iso8601_timestamp(eventtime) < from_iso8601_timestamp('2024-02-02T00:00:00.000Z')`} {
		if !strings.Contains(q.Events, want) {
			t.Errorf("missing %s in\n%s", want, q.Events)
		}
	}
	if _, err := Convert(r, Options{Since: until, Until: since}); err == nil {
		t.Error("since after until accepted")
	}
}

func TestQuoting(t *testing.T) {
	if got := quote("it's"); got != "'it''s'" {
		t.Errorf("quote: %s", got)
	}
	if got := likeEscape(`50%_off\`); got != `50\%\_off\\` {
		t.Errorf("likeEscape: %s", got)
	}
	if got := quoteIdent(`a"b`); got != `"a""b"` {
		t.Errorf("quoteIdent: %s", got)
	}
}

// TestTypingRejectsWhatAthenaRejects: the builder refuses compositions that
// DuckDB would run and Trino would reject.
func TestTypingRejectsWhatAthenaRejects(t *testing.T) {
	bad := []func(){
		func() { compare(varcharLit("403"), "=", expr{SQL: "403", Type: tBigint}) },
		func() { inList(expr{SQL: "httpstatus", Type: tVarchar}, []expr{{SQL: "403", Type: tDouble}}) },
		func() { compare(expr{SQL: "j", Type: tJSON}, "=", expr{SQL: "k", Type: tJSON}) },
		func() { like(expr{SQL: "bytessent", Type: tBigint}, "1%") },
		func() { coalesce(expr{SQL: "x", Type: tVarchar}, sqlFalse) },
	}
	for i, f := range bad {
		func() {
			defer func() {
				if _, ok := recover().(typeError); !ok {
					t.Errorf("case %d: no type error", i)
				}
			}()
			f()
		}()
	}
}

// stringNumberCompare finds a string literal compared with a number, and
// rowUnnestAlias a one-column alias on an UNNEST of CloudTrail's resources
// (Trino expands ROWs into one column per field): both run on DuckDB and
// fail on Athena.
var (
	stringNumberCompare = regexp.MustCompile(`'[^']*'\s*(=|<>|<|>|<=|>=)\s*[0-9]|(^|[^A-Za-z0-9_])[0-9][0-9.]*\s*(=|<>|<|>|<=|>=)\s*'`)
	rowUnnestAlias      = regexp.MustCompile(`UNNEST\(\s*resources\s*\)\s*(AS\s+)?\w+\s*\(\s*\w+\s*\)`)
)

// statementsForChecks returns every statement the bundled rules emit under
// every profile, with and without time bounds, plus seeds and corpus when
// ../shared is there.
func statementsForChecks(t *testing.T) []string {
	rules := testutil.LoadRules(t, testutil.BundledRules())
	var stmts []string
	qs, _ := convertAllProfiles(t, rules)
	for _, p := range Profiles() {
		for _, q := range qs[p] {
			stmts = append(stmts, q.Statements()...)
		}
	}
	for _, q := range append(v2Queries(t), typedQueries(t)...) {
		stmts = append(stmts, q.Statements()...)
	}
	// Time bounds add the same predicates to every query of a profile:
	// one rule of each profile covers them.
	since := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	seen := map[ProfileName]bool{}
	for _, r := range rules {
		q, err := Convert(r, Options{Since: since, Until: since.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		if !seen[q.Profile] || q.Alerts != "" && !seen[q.Profile+"/alerts"] {
			seen[q.Profile] = true
			if q.Alerts != "" {
				seen[q.Profile+"/alerts"] = true
			}
			stmts = append(stmts, q.Statements()...)
		}
	}
	return stmts
}

func TestEmittedTyping(t *testing.T) {
	// The checks must be able to fail.
	for _, bad := range []string{"SELECT 1 FROM t WHERE httpstatus = 403 OR '403' = 403", "SELECT 1 FROM t WHERE 403 = 'x'",
		"SELECT 1 FROM t CROSS JOIN UNNEST(resources) AS t(r)"} {
		if stringNumberCompare.FindString(stripLiterals(bad)) == "" && !rowUnnestAlias.MatchString(bad) {
			t.Fatalf("the typing checks miss %s", bad)
		}
	}
	for _, s := range statementsForChecks(t) {
		if m := stringNumberCompare.FindString(stripLiterals(s)); m != "" {
			t.Errorf("string compared with a number (%s) in\n%s", m, s)
		}
		if rowUnnestAlias.MatchString(s) {
			t.Errorf("one-column alias on UNNEST(resources) in\n%s", s)
		}
		if strings.Contains(s, "any_match(") || strings.Contains(s, "transform(") {
			t.Errorf("lambda function DuckDB lacks in\n%s", s)
		}
	}
}

// stripLiterals blanks the inside of long string literals that are regexes
// or patterns, so digits inside them do not read as numbers.
func stripLiterals(s string) string {
	var b strings.Builder
	in := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\'' {
			in = !in
			b.WriteByte(c)
			continue
		}
		if in {
			b.WriteByte('x')
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// TestTrinoGrammar parses every emitted statement with dt-sql-parser's
// TrinoSQL parser (generated from Trino's grammar), run by node from the
// node_modules that `make node_modules` installs.
func TestTrinoGrammar(t *testing.T) {
	// node runs in its own process: let it overlap the DuckDB tests.
	t.Parallel()
	stmts := statementsForChecks(t)
	// Long in lists stay valid.
	var long []ir.Value
	for i := 0; i < 300; i++ {
		long = append(long, ir.String(fmt.Sprintf("Event%d", i)))
	}
	for _, p := range Profiles() {
		field := "eventName"
		if p == ProfileS3Access {
			field = "operation"
		}
		q, err := Convert(predRule("Long", nil, pred(field, ir.OpIn, long...)), Options{Profile: p})
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, q.Events)
	}
	// The check must be able to fail.
	stmts = append(stmts, "SELECT 1 FROM t WHERE x LIKE 'a' ESCAP '\\'")
	// Each profile's DDL, in Athena's DDL dialect (Hive), in the same run.
	items := make([]any, 0, len(stmts)+4)
	for _, s := range stmts {
		items = append(items, s)
	}
	for _, p := range Profiles() {
		items = append(items, map[string]string{"hive": DDL(p, "", "")})
	}
	items = append(items, map[string]string{"hive": "CREATE EXTERNAL TABLE t (a strin g)"})
	errs := parseWithNode(t, items)
	if len(errs[len(stmts)-1]) == 0 || len(errs[len(errs)-1]) == 0 {
		t.Fatal("the parser accepted a malformed statement: the check is not working")
	}
	for i, e := range errs[:len(stmts)-1] {
		if len(e) > 0 {
			t.Errorf("Trino grammar rejects:\n%s\n%v", stmts[i], e)
		}
	}
	for i, p := range Profiles() {
		if e := errs[len(stmts)+i]; len(e) > 0 {
			t.Errorf("%s DDL: the Hive grammar rejects it: %v", p, e)
		}
	}
	t.Logf("%d statements parse as Trino SQL, %d DDLs as Hive", len(stmts)-1, len(Profiles()))
}

// parseWithNode runs the parser script on queries (strings) and DDL
// ({"hive": ...}); it skips only outside CI when node or node_modules is
// missing, and fails in CI.
func parseWithNode(t *testing.T, stmts []any) [][]string {
	t.Helper()
	missing := func(what string) {
		msg := what + ": run `make node_modules` (npm ci) to install dt-sql-parser for the Trino grammar check"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node is not installed")
	}
	if _, err := os.Stat(filepath.Join(testutil.RepoRoot(), "node_modules", "dt-sql-parser", "package.json")); err != nil {
		missing("node_modules/dt-sql-parser is missing")
	}
	in, _ := json.Marshal(stmts)
	cmd := exec.Command(node, filepath.Join("testdata", "trino-grammar.mjs"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("trino-grammar.mjs: %v\n%s", err, stderr.String())
	}
	var errs [][]string
	if err := json.Unmarshal(out, &errs); err != nil || len(errs) != len(stmts) {
		t.Fatalf("trino-grammar.mjs output: %v (%d results for %d statements)", err, len(errs), len(stmts))
	}
	return errs
}

func TestPortableRegexp(t *testing.T) {
	cases := map[string]string{
		`^(Add|Put)`:      `\A(Add|Put)`,
		`(?i)ab`:          `[Aa][Bb]`,
		`a.c$`:            `a[^\n]c\z`,
		`\d+\.\d`:         `[0-9]+\.[0-9]`,
		`(?s)x.y`:         `x(?s:.)y`,
		`[^)]`:            `[\x00-\(\*-` + "\U0010FFFF" + `]`,
		`(?i)k`:           `[Kk` + "\u212a" + `]`,
		`a{2,}b{1,3}c{4}`: `a{2,}b{1,3}c{4}`,
	}
	for in, want := range cases {
		got, err := portableRegexp(in)
		if err != nil || got != want {
			t.Errorf("portableRegexp(%q) = %q, %v; want %q", in, got, err, want)
		}
		if _, err := regexp.Compile(got); err != nil {
			t.Errorf("%q is not RE2: %v", got, err)
		}
	}
}

func BenchmarkConvertBundled(b *testing.B) {
	rules := testutil.LoadRules(b, testutil.BundledRules())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, r := range rules {
			if _, err := Convert(r, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
