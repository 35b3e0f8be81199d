package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertSigmaCustomSchema checks that a --schema log type reaches the
// Sigma backend: its log source, and the field types that make eq true and
// eq field() exact (refused without the schema).
func TestConvertSigmaCustomSchema(t *testing.T) {
	dir := t.TempDir()
	schemaFile := filepath.Join(dir, "acme.yml")
	rule := filepath.Join(dir, "Acme.Rule.yml")
	write := func(path, text string) {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(schemaFile, `log_type: Acme.Audit
sources: [https://acme.example/docs/audit]
classify:
  - has: [acme_id]
sigma: {product: acme, service: audit}
fields:
  acme_id: string
  admin: boolean
  user: string
  owner: string
`)
	write(rule, `id: Acme.Rule
title: Admin acting on another user's object
severity: Low
log_types: [Acme.Audit]
condition: |
  admin eq true
  user ne field(owner)
`)
	code, out, stderr := run(t, "convert", "--to", "sigma", "--schema", schemaFile, rule)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"product: acme\n    service: audit\n", "admin: true\n", "user|fieldref: owner\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// rulec test converts the same way: the Sigma result is there.
	write(rule, `id: Acme.Rule
title: Admin acting on another user's object
severity: Low
log_types: [Acme.Audit]
condition: |
  admin eq true
  user ne field(owner)
tests:
  - name: Another owner
    expected: true
    log: {acme_id: "1", admin: true, user: a, owner: b}
  - name: Own object
    expected: false
    log: {acme_id: "1", admin: true, user: a, owner: a}
`)
	code, out, stderr = run(t, "test", "--only", "sigma", "--schema", schemaFile, rule)
	if code != 0 || !strings.Contains(out, "2 tests: 2 agree") || strings.Contains(out, "could not run") {
		t.Errorf("test: exit %d\n%s%s", code, out, stderr)
	}
	code, _, stderr = run(t, "convert", "--to", "sigma", rule)
	if code == 0 || !strings.Contains(stderr, "eq with true") || !strings.Contains(stderr, "eq with field()") {
		t.Errorf("without the schema: exit %d, %s", code, stderr)
	}
}
