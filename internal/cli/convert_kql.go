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
	"github.com/rulec/rulec/schema"
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
	t := &target{}
	*t = target{
		name:  "kql",
		short: "Elastic KQL queries (--kql-fields raw|ecs), or Kibana detection rules with --format kibana-ndjson",
		flags: func(fs *pflag.FlagSet) {
			o.fs = fs
			fs.StringVar(&o.fields, "kql-fields", "raw", "kql: field names: raw (the log's own paths) or ecs (Elastic integration names)")
			fs.StringVar(&o.logType, "kql-log-type", "", "kql input: the log type a .kql query is written for (types its fields)")
			fs.StringSliceVar(&o.index, "kibana-index", nil, "kql: index patterns for --format kibana-ndjson (default: per log type)")
			if fs.Lookup("format") == nil {
				fs.String("format", "query", "output format: kql takes query, eql, kibana-ndjson or index-template")
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
			var reg *schema.Registry
			if t.registry != nil {
				var err error
				if reg, err = t.registry(); err != nil {
					return nil, err
				}
			}
			switch format {
			case "query", "kql":
				return kqlQueries(rules, profile, reg)
			case "eql":
				return eqlQueries(rules, profile, reg)
			case "kibana-ndjson":
				return kibanaRules(rules, profile, o.index, reg)
			case "index-template":
				if profile != kql.Raw {
					return nil, fmt.Errorf("--format index-template is for --kql-fields raw: the ecs profile's indices are Elastic's integrations' own")
				}
				return indexTemplates(rules, reg)
			}
			return nil, fmt.Errorf("unknown --format %q for kql: want query, eql, kibana-ndjson or index-template", format)
		},
		stdout: func(files []backends.File) []byte {
			if len(files) > 0 && strings.HasSuffix(files[0].Name, ".index-template.json") {
				// Kibana Dev Tools console form: the request line, then the body.
				var b bytes.Buffer
				for i, f := range files {
					if i > 0 {
						b.WriteByte('\n')
					}
					fmt.Fprintf(&b, "PUT _index_template/%s\n", strings.TrimSuffix(f.Name, ".index-template.json"))
					b.Write(f.Data)
				}
				return b.Bytes()
			}
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
				if name, ok := strings.CutSuffix(f.Name, ".eql"); ok {
					fmt.Fprintf(&b, "// %s\n", name) // EQL's comment syntax
				} else {
					fmt.Fprintf(&b, "# %s\n", strings.TrimSuffix(f.Name, ".kql"))
				}
				b.Write(f.Data)
			}
			return b.Bytes()
		},
	}
	return t
}

// indexTemplates writes the raw profile's index template for every log
// type the rules name (NAME.index-template.json, the body of PUT
// _index_template/NAME).
func indexTemplates(rules []*ir.Rule, reg *schema.Registry) ([]backends.File, error) {
	if reg == nil {
		reg = schema.Builtin()
	}
	var names []string
	for _, r := range rules {
		names = append(names, r.LogTypes...)
	}
	known, unknown := kql.TemplateLogTypes(reg, names)
	if len(known) == 0 {
		return nil, fmt.Errorf("no rule names a log type the registry knows (unknown: %s); declare one with --schema", strings.Join(unknown, ", "))
	}
	var files []backends.File
	for _, lt := range known {
		data, err := kql.IndexTemplate(lt)
		if err != nil {
			return nil, err
		}
		files = append(files, backends.File{Name: kql.IndexTemplateName(lt.Name) + ".index-template.json", Data: data})
	}
	return files, nil
}

func sortedRules(rules []*ir.Rule) []*ir.Rule {
	out := append([]*ir.Rule(nil), rules...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func kqlQueries(rules []*ir.Rule, p kql.Profile, reg *schema.Registry) ([]backends.File, error) {
	var files []backends.File
	var errs ir.ErrorList
	for _, r := range sortedRules(rules) {
		q, _, err := kql.CompileRuleWith(r, p, reg)
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

// eqlQueries writes every rule as an EQL query (RULE.eql), the language the
// Kibana export falls back to when KQL cannot say a rule; here every rule
// gets it, for EQL rules and for the Elasticsearch EQL search API.
func eqlQueries(rules []*ir.Rule, p kql.Profile, reg *schema.Registry) ([]backends.File, error) {
	var files []backends.File
	var errs ir.ErrorList
	for _, r := range sortedRules(rules) {
		m := kql.RuleMapping(r, p)
		m.Schemas = reg
		q, err := kql.CompileEQL(r, m)
		if err != nil {
			if addErr(&errs, err) {
				continue
			}
			return nil, err
		}
		files = append(files, backends.File{Name: r.ID + ".eql", Data: []byte(q + "\n")})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return files, nil
}

func kibanaRules(rules []*ir.Rule, p kql.Profile, index []string, reg *schema.Registry) ([]backends.File, error) {
	var files []backends.File
	var errs ir.ErrorList
	for _, r := range sortedRules(rules) {
		kr, err := kql.Kibana(r, kql.KibanaOptions{Profile: p, Index: index, Schemas: reg})
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

// kqlCheckersWith gives the kql and eql checkers of cs the log-type
// registry (shipped and --schema types), which types the raw profile.
func kqlCheckersWith(cs []backends.Checker, reg *schema.Registry) []backends.Checker {
	out := make([]backends.Checker, len(cs))
	for i, c := range cs {
		switch k := c.(type) {
		case kql.Checker:
			k.Schemas = reg
			c = k
		case kql.EQLChecker:
			k.Schemas = reg
			c = k
		}
		out[i] = c
	}
	return out
}
