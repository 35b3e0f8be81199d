package kql_test

import (
	"testing"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/ir"
)

// TestCIDRTextGuard checks, through the KQL and EQL checkers, that cidr on
// a raw ip field (a keyword with an ip multi-field) agrees with ir.Eval on
// IPv4-mapped IPv6 text, which the IR reads as IPv6 and NAME.ip as IPv4.
func TestCIDRTextGuard(t *testing.T) {
	conds := []string{
		`not dstAddr cidr "::/48"`,
		`dstAddr cidr "::/48"`,
		`dstAddr cidr "10.0.0.0/8"`,
		`not dstAddr cidr "10.0.0.0/8"`,
		`dstAddr cidr "::ffff:10.0.0.0/104"`,
		`dstAddr cidr "::fffc:0:0/94"`,
		`dstAddr cidr "2001:db8::/32"`,
		`dstAddr cidr "10.0.0.0/8" or dstAddr cidr "192.168.0.0/16" or dstAddr cidr "::/48"`,
		`not (dstAddr cidr "10.0.0.0/8" or dstAddr cidr "192.168.0.0/16") and dstPort eq 22`,
	}
	events := []string{
		`{"dstAddr": "::ffff:10.0.0.1", "dstPort": 22}`,
		`{"dstAddr": "::FFFF:10.0.0.1", "dstPort": 22}`,
		`{"dstAddr": "0:0:0:0:0:ffff:a00:1", "dstPort": 22}`,
		`{"dstAddr": "::ffff:192.168.1.1", "dstPort": 22}`,
		`{"dstAddr": "10.0.0.1", "dstPort": 22}`,
		`{"dstAddr": "192.168.1.1", "dstPort": 22}`,
		`{"dstAddr": "::1", "dstPort": 22}`,
		`{"dstAddr": "::10.0.0.1", "dstPort": 22}`,
		`{"dstAddr": "2001:db8::1", "dstPort": 22}`,
		`{"dstAddr": "::fffe:1:2", "dstPort": 22}`,
		`{"dstAddr": "", "dstPort": 22}`,
		`{"dstAddr": "-", "dstPort": 22}`,
		`{"dstPort": 22}`,
	}
	var logs []any
	for _, e := range events {
		logs = append(logs, doc(t, e))
	}
	for _, c := range conds {
		r := &ir.Rule{ID: "t", LogTypes: []string{"AWS.VPCFlow"}, Cond: cond(t, c), File: "t.yml"}
		for _, ch := range []backends.Checker{kql.Checker{Profile: kql.Raw}, kql.EQLChecker{}} {
			prog, err := ch.Compile(r)
			if err != nil {
				t.Errorf("%s: %v", c, err)
				continue
			}
			got, err := prog.Eval(logs)
			if err != nil {
				t.Errorf("%s: %v", c, err)
				continue
			}
			for i, l := range logs {
				if want := ir.Eval(r.Cond, l); got[i] != want {
					t.Errorf("%T %s on %s: %v, ir %v", ch, c, events[i], got[i], want)
				}
			}
		}
	}
}
