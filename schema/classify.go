package schema

import (
	"encoding/json"
	"strings"

	"github.com/rulec/rulec/match"
)

// TypeField is the standard field that names an event's log type.
const TypeField = "p_log_type"

// TypedSignature is one signature of a log type.
type TypedSignature struct {
	LogType string
	Sig     Signature
}

// Signatures returns every log type's signatures in a fixed order (by log
// type name, then as declared). Generated code embeds them as
// match.Signature values.
func (r *Registry) Signatures() []TypedSignature {
	var out []TypedSignature
	for _, lt := range r.LogTypes() {
		for _, s := range lt.Classify {
			out = append(out, TypedSignature{lt.Name, s})
		}
	}
	return out
}

// Classifier returns the runtime classifier of r's log types. slot gives
// the Event slot of a path (the caller adds the path to its match.Schema);
// it is called for p_log_type and for every signature path.
func (r *Registry) Classifier(slot func(path []string) int) *match.Classifier {
	typeSlot := slot([]string{TypeField})
	var sigs []match.Signature
	for _, s := range r.Signatures() {
		ms := match.Signature{LogType: s.LogType}
		for _, c := range s.Sig {
			ms.Clauses = append(ms.Clauses, match.Clause{Slot: slot(c.Path), Equals: c.Equals, Value: c.Value})
		}
		sigs = append(sigs, ms)
	}
	return match.NewClassifier(typeSlot, sigs)
}

// ValueClassifier classifies decoded events (the `any` values ir.Eval
// reads) with the runtime classifier, so both agree by construction.
type ValueClassifier struct {
	c     *match.Classifier
	event *match.Event
}

// ValueClassifier returns a classifier of decoded events; it is not safe
// for concurrent use.
func (r *Registry) ValueClassifier() *ValueClassifier {
	var paths [][]string
	slots := map[string]int{}
	c := r.Classifier(func(p []string) int {
		k := strings.Join(p, "\x00")
		if s, ok := slots[k]; ok {
			return s
		}
		slots[k] = len(paths)
		paths = append(paths, p)
		return len(paths) - 1
	})
	return &ValueClassifier{c: c, event: match.NewEvent(match.NewSchema(paths...))}
}

// Classify returns the log type of a decoded event, or "" when none is
// known (or the event is not a JSON object).
func (v *ValueClassifier) Classify(doc any) string {
	data, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	return v.ClassifyJSON(data)
}

// ClassifyJSON returns the log type of one raw JSON event, or "".
func (v *ValueClassifier) ClassifyJSON(data []byte) string {
	if err := v.event.Reset(data); err != nil {
		return ""
	}
	return v.c.Classify(v.event)
}
