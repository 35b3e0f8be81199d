package cli

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kql"
	"github.com/rulec/rulec/ir"
)

// kqlOptions are the kql target's flags. The same --kql-fields and
// --kql-log-type also tell the KQL reader (--from kql, .kql files) how to
// read field names (see kqlInputOptions).
type kqlOptions struct {
	fields  string
	logType string
	index   []string
	fs      *pflag.FlagSet
}

// kqlTarget prints each rule as an Elastic KQL query, or as a Kibana
// detection rule (NDJSON) with --format kibana-ndjson.
func kqlTarget() *target {
	o := &kqlOptions{}
	return &target{
		name:  "kql",
		short: "Elastic KQL queries (--kql-fields raw|ecs), or Kibana detection rules with --format kibana-ndjson",
		flags: func(fs *pflag.FlagSet) {
			o.fs = fs
			fs.StringVar(&o.fields, "kql-fields", "raw", "kql: field names: raw (the log's own paths) or ecs (Elastic integration names)")
			fs.StringVar(&o.logType, "kql-log-type", "", "kql input: the log type a .kql query is written for (types its fields)")
			fs.StringSliceVar(&o.index, "kibana-index", nil, "kql: index patterns for --format kibana-ndjson (default: per log type)")
			if fs.Lookup("format") == nil {
				fs.String("format", "query", "output format: kql takes query or kibana-ndjson")
			}
		},
		convert: func(rules []*ir.Rule) ([]backends.File, error) {
			profile, ok := kql.ParseProfile(o.fields)
			if !ok {
				return nil, fmt.Errorf("unknown --kql-fields %q: want raw or ecs", o.fields)
			}
			format := "query"
			if o.fs != nil {
				if f := o.fs.Lookup("format"); f != nil && f.Changed {
					format = f.Value.String()
				}
			}
			switch format {
			case "query", "kql":
				return kqlQueries(rules, profile)
			case "kibana-ndjson":
				return kibanaRules(rules, profile, o.index)
			}
			return nil, fmt.Errorf("unknown --format %q for kql: want query or kibana-ndjson", format)
		},
		stdout: func(files []backends.File) []byte {
			if len(files) == 1 || (len(files) > 0 && strings.HasSuffix(files[0].Name, ".ndjson")) {
				var b bytes.Buffer
				for _, f := range files {
					b.Write(f.Data)
				}
				return b.Bytes()
			}
			var b bytes.Buffer
			for i, f := range files {
				if i > 0 {
					b.WriteByte('\n')
				}
				fmt.Fprintf(&b, "# %s\n", strings.TrimSuffix(f.Name, ".kql"))
				b.Write(f.Data)
			}
			return b.Bytes()
		},
	}
}

func sortedRules(rules []*ir.Rule) []*ir.Rule {
	out := append([]*ir.Rule(nil), rules...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func kqlQueries(rules []*ir.Rule, p kql.Profile) ([]backends.File, error) {
	var files []backends.File
	var errs ir.ErrorList
	for _, r := range sortedRules(rules) {
		q, _, err := kql.CompileRule(r, p)
		if err != nil {
			if addErr(&errs, err) {
				continue
			}
			return nil, err
		}
		files = append(files, backends.File{Name: r.ID + ".kql", Data: []byte(q + "\n")})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return files, nil
}

func kibanaRules(rules []*ir.Rule, p kql.Profile, index []string) ([]backends.File, error) {
	var files []backends.File
	var errs ir.ErrorList
	for _, r := range sortedRules(rules) {
		kr, err := kql.Kibana(r, kql.KibanaOptions{Profile: p, Index: index})
		if err != nil {
			if addErr(&errs, err) {
				continue
			}
			return nil, err
		}
		data, err := kql.NDJSON([]*kql.KibanaRule{kr})
		if err != nil {
			return nil, err
		}
		files = append(files, backends.File{Name: r.ID + ".ndjson", Data: data})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return files, nil
}

// addErr collects a positioned error; it reports false for other errors.
func addErr(errs *ir.ErrorList, err error) bool {
	if e, ok := err.(*ir.Error); ok {
		errs.Add(e)
		return true
	}
	if e, ok := unwrapIRError(err); ok {
		errs.Add(&ir.Error{File: e.File, Pos: e.Pos, Code: e.Code, Msg: strings.TrimPrefix(err.Error(), e.File+":"+e.Pos.String()+": ")})
		return true
	}
	return false
}

func unwrapIRError(err error) (*ir.Error, bool) {
	for err != nil {
		if e, ok := err.(*ir.Error); ok {
			return e, true
		}
		u, ok := err.(interface{ Unwrap() error })
		if !ok {
			return nil, false
		}
		err = u.Unwrap()
	}
	return nil, false
}
