package sigma

import (
	"encoding/json"
	"testing"
)

// FuzzParse feeds arbitrary YAML to the reader: it must return errors, never
// panic, and whatever it accepts must evaluate and lower without panicking.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sigmaHQStyle))
	f.Add([]byte("title: t\nlogsource: {}\ndetection:\n    s:\n        a|contains|all: [x, y]\n    condition: not 1 of s* or all of them\n"))
	f.Add([]byte("title: t\ncorrelation:\n    type: event_count\n    rules: [x]\n    timespan: 5m\n    condition: {gte: 2}\n"))
	f.Add([]byte("detection:\n    condition: (((\n"))
	var log any
	_ = json.Unmarshal([]byte(`{"a": ["x", 1, null, {"b": "y"}], "eventName": "StopLogging", "userAgent": "TERRAFORM/1"}`), &log)
	f.Fuzz(func(t *testing.T, src []byte) {
		docs, errs := Parse("f.yml", src)
		if errs.Err() != nil {
			return
		}
		for _, d := range docs {
			if d.Detection != nil {
				_, _ = d.Detection.Match(log)
			}
		}
		_, _ = ToIR("f.yml", docs)
	})
}
