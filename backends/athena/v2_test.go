package athena

import (
	"strings"
	"testing"

	"github.com/rulec/rulec/ir"
)

// Builders of language v2 conditions for tests (until conditions are
// parsed, and for shapes the corpus lacks).

func anyOf(path string, x ir.Expr) *ir.Quant {
	return &ir.Quant{Path: ir.ParsePath(path), X: x, At: ir.Pos{Line: 3, Col: 5}}
}

func allOf(path string, x ir.Expr) *ir.Quant {
	q := anyOf(path, x)
	q.All = true
	return q
}

func ref(field string, op ir.Op, other string) *ir.FieldPred {
	return &ir.FieldPred{Field: ir.ParsePath(field), Op: op, Ref: ir.ParsePath(other), At: ir.Pos{Line: 3, Col: 5}, RefPos: ir.Pos{Line: 3, Col: 20}}
}

func andOf(xs ...ir.Expr) ir.Expr { return &ir.And{Xs: xs} }
func orOf(xs ...ir.Expr) ir.Expr  { return &ir.Or{Xs: xs} }
func notOf(x ir.Expr) ir.Expr     { return &ir.Not{X: x} }

// hostileFold are the characters whose lowercase differs between
// mappings: İ (simple: i; full: i + U+0307), ı, ſ, the Kelvin sign, ß,
// and the sigmas.
var hostileFold = []string{"İ", "ı", "ſ", "\u212a", "ß", "Σ", "σ", "ς", "I", "i", "K", "k", "S", "s", "SS", "ss"}

// foldLiterals and foldValues are cased strings and their variants.
var foldLiterals = []string{"İstanbul", "ıstanbul", "Kelvin", "\u212aelvin", "STRASSE", "Straße", "ΣΟΦΟΣ", "σοφος", "sofos", "ſtop", "stop", "Mixed_%Case", "a*b?c", "CertUtil", "403", "1E3", "TRUE", "true", ""}

var foldValues = []string{"istanbul", "İSTANBUL", "ISTANBUL", "ıstanbul", "kelvin", "KELVIN", "\u212aELVIN", "strasse", "straße", "STRASSE", "σοφοσ", "σοφος", "ΣΟΦΟΣ", "Σοφος", "ſtop", "STOP", "stop",
	"mixed_%case", "MIXED_%CASE", "mixedx%case", "A*B?C", "axbyc", "c:\\windows\\certutil.exe -urlcache", "CERTUTIL.EXE", "403", "1e3", "1E3", "true", "True", ""}

// foldConds are "~" predicates over field f with the literals, each with
// its negation.
func foldConds(f string, literals []string) []ir.Expr {
	var out []ir.Expr
	for _, lit := range literals {
		var ps []*ir.Pred
		for _, op := range []ir.Op{ir.OpEqFold, ir.OpContainsFold, ir.OpStartsWithFold, ir.OpEndsWithFold} {
			ps = append(ps, pred(f, op, ir.String(lit)))
		}
		ps = append(ps, pred(f, ir.OpInFold, ir.String(lit), ir.String(strings.ToUpper(lit)+"x")))
		for _, glob := range []string{"*" + lit + "*", lit + "?", "[A-Z]*" + lit} {
			if _, err := ir.CompileGlob(ir.OpWildcardFold, glob); err == nil {
				ps = append(ps, pred(f, ir.OpWildcardFold, ir.String(glob)))
			}
		}
		for _, p := range ps {
			out = append(out, p, notOf(p))
		}
	}
	num := func(s string) ir.Number { n, _ := ir.NewNumber(s); return n }
	for _, p := range []*ir.Pred{pred(f, ir.OpEqFold, num("1000")), pred(f, ir.OpEqFold, ir.Bool(true)), pred(f, ir.OpInFold, ir.String("True"), ir.String("FALSE"), num("403"))} {
		out = append(out, p, notOf(p))
	}
	return out
}

// quantConds are quantifiers over the json profile's events: arrays of
// objects where one element must satisfy both conditions (any) against
// fan-out, nested quantifiers, @, and negations.
func quantConds() []ir.Expr {
	deltas := andOf(pred("action", ir.OpEq, ir.String("ADD")), pred("role", ir.OpEq, ir.String("roles/owner")))
	conds := []ir.Expr{
		anyOf("bindingDeltas", deltas),
		allOf("bindingDeltas", deltas),
		anyOf("bindingDeltas", notOf(deltas)),
		anyOf("p.auth", andOf(pred("permission", ir.OpEqFold, ir.String("RUN.services.create")), pred("granted", ir.OpEq, ir.Bool(true)))),
		allOf("filters", andOf(pred("key", ir.OpEq, ir.String("tag-key")), allOf("values", pred("@", ir.OpStartsWith, ir.String("!"))))),
		anyOf("filters", anyOf("values", pred("@", ir.OpIsNull))),
		allOf("tags", pred("@", ir.OpStartsWithFold, ir.String("ARN:"))),
		anyOf("tags", pred("@", ir.OpEq, ir.String("403"))),
		anyOf("tags", orOf(pred("@", ir.OpGt, ir.String("400")), notOf(pred("x", ir.OpIsNull)))),
		anyOf("bindingDeltas", ref("role", ir.OpEq, "member")),
		allOf("bindingDeltas", notOf(ref("member", ir.OpContainsFold, "action"))),
	}
	var out []ir.Expr
	for _, c := range conds {
		out = append(out, c, notOf(c))
	}
	return out
}

// quantLogs separate any from fan-out and cover missing, null, empty,
// scalar-for-array and nested arrays.
var quantLogs = []string{
	`{}`,
	`{"bindingDeltas": null}`,
	`{"bindingDeltas": []}`,
	`{"bindingDeltas": [{"action": "ADD", "role": "roles/owner", "member": "roles/owner"}]}`,
	`{"bindingDeltas": [{"action": "ADD", "role": "roles/viewer", "member": "x"}, {"action": "REMOVE", "role": "roles/owner", "member": "a"}]}`,
	`{"bindingDeltas": {"action": "ADD", "role": "roles/owner"}}`,
	`{"bindingDeltas": [null, {"action": "ADD", "role": "roles/owner", "member": "ADDER"}]}`,
	`{"bindingDeltas": [[{"action": "ADD", "role": "roles/owner"}], {"role": "r", "member": 403}]}`,
	`{"bindingDeltas": [{"action": "add", "role": "roles/owner", "member": "403"}, "ADD"]}`,
	`{"p": {"auth": [{"permission": "run.services.CREATE", "granted": true}]}}`,
	`{"p": {"auth": [{"permission": "run.services.create", "granted": "true"}, {"permission": "x", "granted": true}]}}`,
	`{"p": [{"auth": {"permission": "RUN.SERVICES.CREATE", "granted": true}}]}`,
	`{"filters": [{"key": "tag-key", "values": ["!a", "!b"]}, {"key": "tag-key", "values": "!c"}]}`,
	`{"filters": [{"key": "tag-key", "values": ["!a", "b"]}]}`,
	`{"filters": [{"key": "tag-key"}, {"key": "other", "values": []}]}`,
	`{"filters": [{"key": "tag-key", "values": [""]}, {"key": "tag-key", "values": [null]}]}`,
	`{"filters": []}`,
	`{"tags": ["arn:aws:x", "ARN:aws:y"]}`,
	`{"tags": ["arn:aws:x", 403]}`,
	`{"tags": [403.0, {"x": 1}]}`,
	`{"tags": "ARN:single"}`,
	`{"tags": [{"x": ""}, {"x": null}]}`,
	`{"tags": [[["arn:deep"]]]}`,
	`{"tags": ["401", "ſtop"]}`,
}

// refConds are field references over the json profile.
func refConds() []ir.Expr {
	var out []ir.Expr
	for _, op := range []ir.Op{ir.OpEq, ir.OpEqFold, ir.OpContains, ir.OpContainsFold, ir.OpStartsWith, ir.OpStartsWithFold, ir.OpEndsWith, ir.OpEndsWithFold} {
		for _, pair := range [][2]string{{"a", "b"}, {"a.x", "b"}, {"b", "a"}} {
			r := ref(pair[0], op, pair[1])
			out = append(out, r, notOf(r))
		}
	}
	return out
}

// refLogs hold pairs that are equal, differ, are missing, null, numbers
// against numeric strings, booleans against their text, objects, arrays
// and folded cases.
var refLogs = func() []string {
	vals := []string{`"x"`, `"X"`, `"403"`, `403`, `403.0`, `"0403"`, `true`, `"true"`, `"TRUE"`, `null`, `""`,
		`{"x": "x"}`, `["y", "x"]`, `"İSTANBUL"`, `"istanbul"`, `"\u212aelvin"`, `"kelvinx"`, `"straße"`, `"ab"`, `"b"`, `"ΣΑΣ"`, `"σας"`, `1e3`, `"1E3"`}
	var out []string
	for i, a := range vals {
		for j, b := range vals {
			if (i+j)%3 == 0 || i == j || i < 3 {
				out = append(out, `{"a": `+a+`, "b": `+b+`}`)
			}
		}
		out = append(out, `{"a": `+a+`}`, `{"b": `+a+`}`)
	}
	return out
}()

// cloudTrailV2Conds are v2 conditions over the cloudtrail table: STRUCT
// columns, the resources ARRAY of ROWs and JSON text.
func cloudTrailV2Conds() []ir.Expr {
	conds := []ir.Expr{
		pred("eventName", ir.OpEqFold, ir.String("StopLogging")),
		pred("userIdentity.arn", ir.OpContainsFold, ir.String(":ROOT")),
		pred("requestParameters.bucketName", ir.OpEndsWithFold, ir.String("-LOGS")),
		pred("resources.type", ir.OpInFold, ir.String("aws::s3::object"), ir.String("AWS::IAM::Role")),
		anyOf("resources", andOf(pred("type", ir.OpEq, ir.String("AWS::S3::Object")), pred("ARN", ir.OpEndsWithFold, ir.String(".TXT")))),
		allOf("resources", pred("accountId", ir.OpEq, ir.String("123456789012"))),
		anyOf("resources.ARN", pred("@", ir.OpStartsWith, ir.String("arn:aws:s3"))),
		allOf("resources", ref("ARN", ir.OpContains, "type")),
		anyOf("resources", ref("accountId", ir.OpEq, "type")),
		allOf("requestParameters.filters", andOf(pred("key", ir.OpEq, ir.String("tag-key")), allOf("values", pred("@", ir.OpStartsWith, ir.String("!"))))),
		anyOf("eventName", pred("@", ir.OpEqFold, ir.String("consolelogin"))),
		ref("userIdentity.accountId", ir.OpEq, "recipientAccountId"),
		ref("requestParameters.sourceRegion", ir.OpEqFold, "awsRegion"),
		ref("resources.accountId", ir.OpEq, "recipientAccountId"),
		ref("recipientAccountId", ir.OpEq, "resources.accountId"),
		ref("requestParameters.a", ir.OpEq, "requestParameters.b"),
		ref("eventName", ir.OpStartsWithFold, "requestParameters.prefix"),
	}
	var out []ir.Expr
	for _, c := range conds {
		out = append(out, c, notOf(c))
	}
	return out
}

var cloudTrailV2Logs = []string{
	`{}`,
	`{"eventName": "stoplogging", "recipientAccountId": "123456789012", "userIdentity": {"accountId": "123456789012", "arn": "arn:aws:iam::1:root"}}`,
	`{"eventName": "StopLogginG", "recipientAccountId": "123456789012", "userIdentity": {"accountId": "210987654321"}}`,
	`{"eventName": "ConsoleLogin", "awsRegion": "us-east-1", "requestParameters": {"sourceRegion": "US-EAST-1", "bucketName": "my-logs", "a": 403, "b": "403", "prefix": "CONSOLE"}}`,
	`{"awsRegion": "us-east-1", "requestParameters": {"sourceRegion": "eu-west-1", "a": [1, "x"], "b": "x", "prefix": ["Stop", "x"]}, "eventName": "StopLogging"}`,
	`{"awsRegion": "us-east-1", "requestParameters": {"a": {"x": 1}, "b": "0403", "filters": [{"key": "tag-key", "values": ["!a"]}, {"key": "tag-key", "values": ["!b", "c"]}]}}`,
	`{"requestParameters": {"filters": [{"key": "tag-key", "values": "!a"}]}}`,
	`{"requestParameters": {"filters": []}}`,
	`{"recipientAccountId": "123456789012", "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/README.TXT", "accountId": "123456789012"}]}`,
	`{"recipientAccountId": "123456789012", "resources": [{"type": "AWS::S3::Object", "ARN": "arn:aws:s3:::b/x.jpg"}, {"type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::b/y.txt", "accountId": "999"}]}`,
	`{"resources": [{"type": "aws::iam::role", "ARN": "arn:aws:iam::1:role/aws::iam::role-x", "accountId": "aws::iam::role"}]}`,
	`{"resources": []}`,
	`{"resources": [{"type": "AWS::S3::Object"}, {"ARN": "arn:aws:s3:::c"}]}`,
}

// v2Queries converts every v2 test condition under its profile, for the
// grammar and typing checks.
func v2Queries(t *testing.T) []*Query {
	t.Helper()
	var qs []*Query
	add := func(prof ProfileName, conds []ir.Expr) {
		for _, c := range conds {
			q, err := Convert(&ir.Rule{ID: "V2", File: "v2.yml", Cond: c}, Options{Profile: prof})
			if err != nil {
				t.Fatalf("%s: %v", ir.Dump(c), err)
			}
			qs = append(qs, q)
		}
	}
	// Every shape, not every literal: a quote and a LIKE wildcard, a
	// number and a boolean text.
	shapes := []string{"Mixed_%Case", "it's", "1E3", "TRUE"}
	add(ProfileJSON, foldConds("a", shapes))
	add(ProfileCloudTrail, foldConds("eventName", shapes))
	add(ProfileS3Access, foldConds("operation", shapes))
	add(ProfileS3Access, foldConds("bytessent", shapes))
	add(ProfileJSON, quantConds())
	add(ProfileJSON, refConds())
	add(ProfileCloudTrail, cloudTrailV2Conds())
	return qs
}
