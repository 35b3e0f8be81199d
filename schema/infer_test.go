package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

func decodeAll(t *testing.T, lines ...string) []any {
	t.Helper()
	var out []any
	for _, l := range lines {
		d := json.NewDecoder(strings.NewReader(l))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func TestInfer(t *testing.T) {
	events := decodeAll(t,
		`{"id":"a","ip":"10.0.0.1","at":"2024-01-01T00:00:00Z","n":1,"ok":true,"mixed":1,"nul":null,"tags":["x"],"empty":[],"obj":{"k":"v","deep":{"z":1.5}},"list":[{"a":1},{"b":"c"}],"yes":"true"}`,
		`{"id":"b","ip":"::1","at":"2024-01-02 10:00:00","n":2.5,"ok":false,"mixed":"one","tags":[],"obj":{"k":""},"odd key":"x"}`,
	)
	lt := Infer("Custom.Test", events)
	text := string(Format(lt, "drafted by a test"))
	want := `# drafted by a test
log_type: Custom.Test
classify:
  - has: [at, id, ip, mixed]
fields:
  at:
    type: timestamp
    guessed: true
    note: all 2 non-empty values were date-times
  empty:
    type: array of json
    guessed: true
    note: only empty arrays (or nulls in them) were seen
  id: string
  ip:
    type: ip
    guessed: true
    note: all 2 non-empty values were IP addresses
  list:
    type: array of object
    guessed: true
    note: "closed: lists the members seen in 2 samples"
    fields:
      a: number
      b: string
  mixed:
    type: json
    guessed: true
    note: seen as string and number
  n: number
  nul:
    type: json
    guessed: true
    note: only null was seen
  obj:
    type: object
    guessed: true
    note: "closed: lists the members seen in 2 samples"
    fields:
      deep:
        type: object
        guessed: true
        note: "closed: lists the members seen in 1 samples"
        fields:
          z: number
      k: string
  odd key: string
  ok: boolean
  tags: array of string
  "yes": string
`
	if text != want {
		t.Errorf("got\n%s\nwant\n%s", text, want)
	}
	back, err := Parse("custom.yml", []byte(text))
	if err != nil {
		t.Fatalf("the draft does not parse: %v", err)
	}
	if string(Format(back, "drafted by a test")) != text {
		t.Errorf("Format(Parse(draft)) differs from the draft")
	}
	for _, e := range events {
		if m := back.Check(e); len(m) > 0 {
			t.Errorf("a sample does not fit its draft: %v", m)
		}
	}
}

// Every shipped log type survives Format and Parse unchanged.
func TestFormatRoundTrip(t *testing.T) {
	for _, lt := range Builtin().LogTypes() {
		text := Format(lt, "")
		back, err := Parse(lt.Name+".yml", text)
		if err != nil {
			t.Fatalf("%s: %v\n%s", lt.Name, err, text)
		}
		if again := Format(back, ""); string(again) != string(text) {
			t.Errorf("%s: not stable:\n%s\n---\n%s", lt.Name, text, again)
		}
	}
}
