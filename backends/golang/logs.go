package golang

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// marshalLog writes a test log (a JSON value as ir.Test.Log holds it) as
// JSON text, the input generated code reads. A json.Number whose text JSON
// cannot spell (".5", "+5", "Inf") but that parses as a number is written in
// canonical form: ir.Eval compares numbers by value only, so the meaning is
// kept. A number JSON cannot carry at all (NaN, or text that is no number)
// is an error.
func marshalLog(v any) ([]byte, error) {
	norm, err := normalizeNumbers(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(norm)
}

func normalizeNumbers(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			n, err := normalizeNumbers(e)
			if err != nil {
				return nil, err
			}
			out[k] = n
		}
		return out, nil
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			n, err := normalizeNumbers(e)
			if err != nil {
				return nil, err
			}
			out[i] = n
		}
		return out, nil
	case json.Number:
		if json.Valid([]byte(x)) {
			return x, nil
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if ne, ok := err.(*strconv.NumError); err != nil && !(ok && ne.Err == strconv.ErrRange) {
			return nil, fmt.Errorf("the number %q has no JSON form", string(x))
		}
		switch {
		case math.IsNaN(f):
			return nil, fmt.Errorf("the number %q has no JSON form", string(x))
		case math.IsInf(f, 1):
			return json.Number("1e999"), nil
		case math.IsInf(f, -1):
			return json.Number("-1e999"), nil
		}
		return json.Number(strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return v, nil
}
