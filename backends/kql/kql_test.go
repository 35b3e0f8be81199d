package kql_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/parser"
)

func cond(t *testing.T, src string) ir.Expr {
	t.Helper()
	e, errs := parser.ParseConditionText(src, ir.Pos{Line: 1, Col: 1}, parser.ConditionOptions{File: "t"})
	if errs != nil {
		t.Fatalf("parse %q: %v", src, errs)
	}
	return e
}

func doc(t *testing.T, src string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(src))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	return v
}

// TestEmit pins the query for each construct under the mapping model.
func TestEmit(t *testing.T) {
	cases := []struct {
		logType, profile, cond, want string
	}{
		{"AWS.CloudTrail", "raw", `eventName eq "PutBucketLogging"`, `eventName: "PutBucketLogging"`},
		{"AWS.CloudTrail", "raw", `eventName in ["A", "B"]`, `eventName: ("A" or "B")`},
		{"AWS.CloudTrail", "raw", `errorCode is_null`, `not errorCode > ""`},
		{"AWS.CloudTrail", "raw", `errorCode is_not_null`, `errorCode > ""`},
		{"AWS.CloudTrail", "raw", `requestParameters.roleArn is_not_null`, `requestParameters.roleArn > ""`},
		{"AWS.CloudTrail", "raw", `not not eventName eq "x"`, `eventName: "x"`},
		{"AWS.CloudTrail", "raw", `not (a eq "x1" and not b eq "x2")`, `not (a: "x1" and not b: "x2")`},
		{"AWS.CloudTrail", "raw", `a eq "x1" or b eq "x2" and c eq "x3"`, `a: "x1" or b: "x2" and c: "x3"`},
		{"AWS.CloudTrail", "raw", `(a eq "x1" or b eq "x2") and c eq "x3"`, `(a: "x1" or b: "x2") and c: "x3"`},
		{"AWS.CloudTrail", "raw", `userAgent contains "a b*c"`, `userAgent: *a b\*c*`},
		{"AWS.CloudTrail", "raw", `userAgent starts_with "x(or)y"`, `userAgent: x\(or\)y*`},
		{"AWS.CloudTrail", "raw", `userAgent ends_with "Mozilla/5.0 (X11; Linux)"`, `userAgent: *Mozilla/5.0 \(X11; Linux\)`},
		{"AWS.CloudTrail", "raw", `userAgent eq "a*b\"c\\d"`, `userAgent: "a*b\"c\\d"`},
		{"AWS.CloudTrail", "raw", `userAgent ends_with "not" or eventName eq "x"`, `userAgent: (*not) or eventName: "x"`},
		{"AWS.CloudTrail", "raw", `userAgent wildcard "*caNNot" and eventName eq "x"`, `userAgent: (*caNNot) and eventName: "x"`},
		{"AWS.CloudTrail", "raw", `eventName regex "Not$|x"`, `eventName: ((*Not) or *x*)`},
		{"AWS.CloudTrail", "raw", `userAgent ends_with "not*"`, `userAgent: *not\*`},
		{"AWS.CloudTrail", "raw", `eventSource wildcard "macie*.amazonaws.com"`, `eventSource: macie*.amazonaws.com`},
		{"AWS.CloudTrail", "raw", `eventSource wildcard "a[*]b"`, `eventSource: "a*b"`},
		{"AWS.CloudTrail", "raw", `eventName regex "^(Add|Attach)"`, `eventName: (Add* or Attach*)`},
		{"AWS.CloudTrail", "raw", `eventName regex "^Get$|List"`, `eventName: ("Get" or *List*)`},
		{"AWS.CloudTrail", "raw", `requestParameters.enable eq true`, `requestParameters.enable: true`},
		{"AWS.CloudTrail", "raw", `readOnly eq "true"`, `readOnly: true`},
		{"AWS.S3ServerAccess", "raw", `httpstatus in ["403", "405"]`, `httpstatus: (403 or 405)`},
		{"AWS.S3ServerAccess", "raw", `httpstatus eq "0403.0"`, `httpstatus: 403`},
		{"AWS.S3ServerAccess", "raw", `httpstatus gte "400"`, `httpstatus >= 400`},
		{"AWS.S3ServerAccess", "raw", `remoteip cidr "10.0.0.0/8"`, `remoteip.ip: "10.0.0.0/8" and not remoteip: *\:*`},
		{"AWS.CloudTrail", "raw", `sourceIPAddress cidr "10.0.0.0/8"`, `sourceIPAddress.ip: "10.0.0.0/8" and not sourceIPAddress: *\:*`},
		{"GCP.AuditLog", "raw", `protoPayload.status.code gt 0`, `protoPayload.status.code > 0`},
		{"AWS.S3ServerAccess", "raw", `remoteip eq ""`, `remoteip: ""`},
		{"AWS.S3ServerAccess", "ecs", `remoteip cidr "10.0.0.0/8"`, `aws.s3access.remote_ip: "10.0.0.0/8"`},
		{"AWS.S3ServerAccess", "raw", `remoteip cidr "::fffe:0:0/95"`, `remoteip.ip: "::fffe:0:0/95" and remoteip: *\:*`},
		{"AWS.S3ServerAccess", "raw", `remoteip cidr "::ffff:10.0.0.0/104"`, `remoteip.ip: "10.0.0.0/8" and remoteip: *\:*`},
		{"AWS.VPCFlow", "raw", `not dstAddr cidr "::/48"`, `not (dstAddr.ip: "::/48" and dstAddr: *\:*)`},
		{"AWS.VPCFlow", "raw", `dstAddr cidr "10.0.0.0/8" or dstAddr cidr "192.168.0.0/16" or dstAddr cidr "::/48" or srcAddr eq "x"`, `dstAddr.ip: ("10.0.0.0/8" or "192.168.0.0/16") and not dstAddr: *\:* or dstAddr.ip: "::/48" and dstAddr: *\:* or srcAddr: "x"`},
		{"AWS.VPCFlow", "raw", `not (dstAddr cidr "10.0.0.0/8" or dstAddr cidr "192.168.0.0/16")`, `not (dstAddr.ip: ("10.0.0.0/8" or "192.168.0.0/16") and not dstAddr: *\:*)`},
		{"AWS.S3ServerAccess", "ecs", `remoteip cidr "::fffe:0:0/95"`, `aws.s3access.remote_ip: "::fffe:0:0/96"`},
		{"AWS.S3ServerAccess", "raw", `remoteip cidr "::fffc:0:0/94"`, `remoteip.ip: "::fffc:0:0/94" and remoteip: *\:*`},
		{"AWS.S3ServerAccess", "ecs", `remoteip cidr "::fffc:0:0/94"`, `aws.s3access.remote_ip: ("::fffc:0:0/95" or "::fffe:0:0/96")`},
		{"AWS.S3ServerAccess", "raw", `remoteip cidr "2001:db8::/32"`, `remoteip.ip: "2001:db8::/32"`},
		{"AWS.CloudTrail", "ecs", `eventName eq "x"`, `event.action: "x"`},
		{"AWS.CloudTrail", "ecs", `errorCode is_null`, `not aws.cloudtrail.error_code: *`},
		{"AWS.CloudTrail", "ecs", `requestParameters.x-amz-acl in ["public-read"]`, `aws.cloudtrail.flattened.request_parameters.x-amz-acl: "public-read"`},
		{"AWS.CloudTrail", "ecs", `readOnly eq false`, `aws.cloudtrail.read_only: false`},
		{"", "raw", `a:b eq "x"`, `a\:b: "x"`},
		{"", "raw", `a contains "x"`, `a: *x*`},
	}
	for _, c := range cases {
		p, _ := kql.ParseProfile(c.profile)
		r := &ir.Rule{ID: "t", Cond: cond(t, c.cond)}
		got, err := kql.Compile(r, kql.Mapping{Profile: p, LogType: c.logType})
		if err != nil {
			t.Errorf("%s %s: %v", c.profile, c.cond, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s %s:\n got %s\nwant %s", c.profile, c.cond, got, c.want)
		}
		if _, err := kql.Parse(got); err != nil {
			t.Errorf("%s does not parse: %v", got, err)
		}
	}
}

// TestEmitErrors pins the positioned errors for what KQL cannot say.
func TestEmitErrors(t *testing.T) {
	cases := []struct {
		logType, profile, cond, want string
	}{
		{"AWS.CloudTrail", "raw", `userAgent regex "(?i)x"`, `t:1:17: rule t: kql (raw): regex "(?i)x" is not supported: KQL has no regular expressions`},
		{"AWS.CloudTrail", "raw", `userAgent wildcard "a?c"`, `t:1:20: rule t: kql (raw): wildcard "a?c" is not supported: KQL has no ? wildcard and no character classes`},
		{"AWS.CloudTrail", "raw", `userAgent wildcard "[ab]c"`, `wildcard "[ab]c" is not supported`},
		{"AWS.CloudTrail", "raw", `userAgent starts_with " x"`, `a wildcard value starting with whitespace " " is not supported: Kibana trims unquoted values`},
		{"AWS.CloudTrail", "raw", `userAgent eq 403`, `numeric equality with 403 is not supported on keyword field userAgent`},
		{"AWS.CloudTrail", "raw", `userAgent gt "5"`, `gt is not supported on keyword field userAgent`},
		{"AWS.CloudTrail", "raw", `requestParameters.bucketName cidr "10.0.0.0/8"`, `cidr is not supported on keyword field requestParameters.bucketName`},
		{"AWS.CloudTrail", "ecs", `userIdentity.userName eq "x"`, `t:1:1: rule t: kql (ecs): field userIdentity.userName has no ECS equivalent in Elastic's AWS.CloudTrail mapping`},
		{"OneLogin.Events", "ecs", `user_id eq 1`, `log type OneLogin.Events has no Elastic integration mapping`},
		{"AWS.CloudTrail", "ecs", `errorCode eq ""`, `errorCode eq "" is not supported in the ecs profile`},
		{"AWS.S3ServerAccess", "raw", `httpstatus eq "abc"`, `httpstatus eq can never hold on double field httpstatus: "abc" is not a number`},
		{"AWS.S3ServerAccess", "raw", `httpstatus contains "40"`, `httpstatus contains can never hold on double field httpstatus`},
		{"AWS.CloudTrail", "raw", `readOnly eq "True"`, `readOnly eq can never hold on boolean field readOnly`},
		{"AWS.S3ServerAccess", "ecs", `remoteip cidr "::ffff:10.0.0.0/104"`, `can never hold`},
		{"AWS.CloudTrail", "raw", `responseElements.layers is_not_null`, `is_null on responseElements.layers is not supported: the schema of log type AWS.CloudTrail declares it an object`},
		{"Okta.SystemLog", "raw", `request is_null`, `Elasticsearch indexes nothing for an object whose members are all null, [] or {}`},
		{"", "raw", `a is_null`, `is_null on a is not supported: the schema of log type (none) does not declare whether it holds scalars or objects`},
		{"", "raw", `a eq "403"`, `equality with the numeric string "403" is not supported on keyword field a: it may hold JSON numbers`},
		{"", "raw", `a contains "1.5"`, `contains "1.5" is not supported on keyword field a: it may hold JSON numbers and booleans`},
		{"", "raw", `a wildcard "t*"`, `wildcard "t*" is not supported on keyword field a`},
		{"AWS.CloudTrail", "ecs", `requestParameters.n eq "5"`, `on key aws.cloudtrail.flattened.request_parameters.n of flattened field aws.cloudtrail.flattened.request_parameters`},
		// An array of ip: the colon test could hold on another value than the network's.
		{"AWS.CloudTrail", "raw", `p_any_ip_addresses cidr "10.0.0.0/8"`, `cidr 10.0.0.0/8 on p_any_ip_addresses, which may hold several values, is not supported`},
		{"AWS.CloudTrail", "raw", `not p_any_ip_addresses cidr "::/48"`, `cidr ::/48 on p_any_ip_addresses, which may hold several values, is not supported`},
	}
	for _, c := range cases {
		p, _ := kql.ParseProfile(c.profile)
		r := &ir.Rule{ID: "t", File: "t", Cond: cond(t, c.cond)}
		got, err := kql.Compile(r, kql.Mapping{Profile: p, LogType: c.logType})
		if err == nil {
			t.Errorf("%s: want an error, got %s", c.cond, got)
			continue
		}
		if e, ok := err.(*ir.Error); !ok || e.Code != ir.CodeUnsupported || !e.Pos.IsValid() {
			t.Errorf("%s: want a positioned unsupported error, got %#v", c.cond, err)
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\n got %v\nwant %s", c.cond, err, c.want)
		}
	}
}

// TestParse pins Kibana grammar facts.
func TestParse(t *testing.T) {
	ok := map[string]string{
		`f: a`:                  `f=a`,
		`f:a*b`:                 `f~[a b]`,
		`f: a\*b`:               `f=a*b`,
		`f: "a*b"`:              `f="a*b"`,
		`f: *`:                  `f~[ ]`,
		`f: (a or b and not c)`: `(or f=a (and f=b (not f=c)))`,
		`f: \not x`:             `f=ot x`, // \n first: a newline, then trimmed
		`f: \u006eot x`:         `f=not x`,
		`f:   a b  `:            `f=a b`,
		`f: \tx\t`:              `f=x`,
		`f: "\tx\\\"\u0041"`:    "f=\"\tx\\\"A\"",
		`f: true`:               `f=#true`,
		`f: "true"`:             `f="true"`,
		`f > ""`:                `f gt ""`,
		`f >= 10`:               `f gte 10`,
		`not f: a and g: b`:     `(and (not f=a) g=b)`,
		`a: 1 OR b: 2`:          `(or a=1 b=2)`,
		`x.@kuery-wildcard@: 1`: `x.@kuery-wildcard@=1`,
		`f: a@kuery-wildcard@*`: `f~[a  ]`,
	}
	for src, want := range ok {
		n, err := kql.Parse(src)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := dumpNode(n); got != want {
			t.Errorf("%s: got %s, want %s", src, got, want)
		}
	}
	for _, src := range []string{`not not f: a`, `f: a and `, `f: (a`, `hello`, `f: "x`, `f: \q`} {
		if _, err := kql.Parse(src); err == nil {
			t.Errorf("%s: want a syntax error", src)
		}
	}
}

func dumpNode(n kql.Node) string {
	lit := func(l kql.Literal) string {
		switch l.Kind {
		case kql.LitWildcard:
			return "~[" + strings.Join(l.Parts, " ") + "]"
		case kql.LitTrue:
			return "=#true"
		case kql.LitFalse:
			return "=#false"
		case kql.LitNull:
			return "=#null"
		}
		if l.Quoted {
			return `="` + l.Text + `"`
		}
		return "=" + l.Text
	}
	switch x := n.(type) {
	case *kql.OrNode, *kql.AndNode:
		op, xs := "or", []kql.Node(nil)
		if a, ok := x.(*kql.AndNode); ok {
			op, xs = "and", a.Xs
		} else {
			xs = x.(*kql.OrNode).Xs
		}
		var parts []string
		for _, c := range xs {
			parts = append(parts, dumpNode(c))
		}
		return "(" + op + " " + strings.Join(parts, " ") + ")"
	case *kql.NotNode:
		return "(not " + dumpNode(x.X) + ")"
	case *kql.Is:
		return x.Field.Text + lit(x.Value)
	case *kql.Range:
		v := x.Value.Text
		if x.Value.Quoted {
			v = `"` + v + `"`
		}
		return x.Field.Text + " " + x.Op + " " + v
	}
	return "?"
}

// TestElasticsearchSemantics pins how documents are indexed and matched.
func TestElasticsearchSemantics(t *testing.T) {
	cases := []struct {
		logType, query, doc string
		want                bool
	}{
		// Keyword: exact, case-sensitive; numbers and booleans as their text.
		{"", `f: "Abc"`, `{"f":"abc"}`, false},
		{"", `f: "403"`, `{"f":403}`, true},
		{"", `f: "403"`, `{"f":403.0}`, false},
		{"", `f: true`, `{"f":true}`, true},
		{"", `f: true`, `{"f":"true"}`, true},
		{"", `f: true`, `{"f":"True"}`, false},
		{"", `f: a*`, `{"f":["x","ab"]}`, true},
		{"", `f: a*`, `{"f":"A"}`, false},
		{"", `f: *`, `{"f":""}`, true},
		{"", `f > ""`, `{"f":""}`, false},
		{"", `f > ""`, `{"f":["","x"]}`, true},
		{"", `not f: "x"`, `{}`, true},
		{"", `f: *`, `{"f":{"g":"1"}}`, true},
		{"", `f: *`, `{"f":{}}`, false},
		{"", `f.*: *`, `{"f":{"g":""}}`, true},
		{"", `f: "x"`, `{"f":null}`, false},
		// Double: coercion of numeric strings, "" is null.
		{"AWS.S3ServerAccess", `httpstatus: 403`, `{"httpstatus":"403"}`, true},
		{"AWS.S3ServerAccess", `httpstatus: "403.0"`, `{"httpstatus":403}`, true},
		{"AWS.S3ServerAccess", `httpstatus: *`, `{"httpstatus":""}`, false},
		{"AWS.S3ServerAccess", `httpstatus > 50`, `{"httpstatus":50.5}`, true},
		{"AWS.S3ServerAccess", `not httpstatus: 403`, `{"httpstatus":"abc"}`, false}, // rejected document
		// Boolean: "" is false.
		{"AWS.CloudTrail", `readOnly: false`, `{"readOnly":""}`, true},
		{"AWS.CloudTrail", `readOnly: true`, `{"readOnly":"true"}`, true},
		// Address fields: text and ip multi-field.
		{"AWS.S3ServerAccess", `remoteip.ip: "10.0.0.0/8"`, `{"remoteip":"10.1.2.3"}`, true},
		{"AWS.S3ServerAccess", `remoteip.ip: "10.0.0.0/8"`, `{"remoteip":"::ffff:10.1.2.3"}`, true},
		{"AWS.S3ServerAccess", `remoteip.ip: "::/0"`, `{"remoteip":"10.1.2.3"}`, true},
		{"AWS.S3ServerAccess", `remoteip: "-"`, `{"remoteip":"-"}`, true},
		{"AWS.S3ServerAccess", `remoteip.ip: *`, `{"remoteip":"-"}`, false},
	}
	for _, c := range cases {
		n, err := kql.Parse(c.query)
		if err != nil {
			t.Errorf("%s: %v", c.query, err)
			continue
		}
		m := kql.Mapping{Profile: kql.Raw, LogType: c.logType}
		got, err := kql.Eval(n, kql.Index(doc(t, c.doc), m), m)
		if err != nil {
			t.Errorf("%s on %s: %v", c.query, c.doc, err)
			continue
		}
		if got != c.want {
			t.Errorf("%s on %s = %v, want %v", c.query, c.doc, got, c.want)
		}
	}
	// Values a field type cannot parse fail the query, as in Elasticsearch.
	m := kql.Mapping{Profile: kql.Raw, LogType: "AWS.S3ServerAccess"}
	for _, q := range []string{`httpstatus: abc`, `httpstatus: 4*`, `remoteip.ip: "x"`, `f: null`} {
		n, _ := kql.Parse(q)
		if _, err := kql.Eval(n, kql.Index(doc(t, `{"httpstatus":1,"remoteip":"1.2.3.4","f":"a"}`), m), m); err == nil {
			t.Errorf("%s: want a query error", q)
		}
	}
	// The ecs profile renames through the table and drops empty values.
	ecs := kql.Mapping{Profile: kql.ECS, LogType: "AWS.CloudTrail"}
	d := kql.Index(doc(t, `{"eventName":"X","errorCode":"","requestParameters":{"a":{"b":true}}}`), ecs)
	for q, want := range map[string]bool{
		`event.action: "X"`:                                     true,
		`aws.cloudtrail.error_code: *`:                          false,
		`aws.cloudtrail.flattened.request_parameters.a.b: true`: true,
		`eventName: "X"`:                                        false,
	} {
		n, _ := kql.Parse(q)
		if got, _ := kql.Eval(n, d, ecs); got != want {
			t.Errorf("ecs %s = %v, want %v", q, got, want)
		}
	}
}
