package cli

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/spf13/pflag"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/kusto"
	"github.com/rulec/rulec/ir"
	"github.com/rulec/rulec/schema"
)

// kustoTarget prints each rule as a Kusto query (Microsoft Sentinel, Azure
// Data Explorer), a Sentinel analytics rule (--format sentinel-arm), or the
// raw profile's .create table commands (--format table).
func kustoTarget() *target {
	var fields string
	var fs *pflag.FlagSet
	t := &target{}
	format := func() string {
		if fs != nil {
			if f := fs.Lookup("format"); f != nil && f.Changed {
				return f.Value.String()
			}
		}
		return "query"
	}
	*t = target{
		name:  "kusto",
		short: "Kusto (KQL for Sentinel/ADX) queries (--kusto-fields raw|sentinel), --format sentinel-arm or table",
		flags: func(f *pflag.FlagSet) {
			fs = f
			f.StringVar(&fields, "kusto-fields", "raw", "kusto: tables and columns: raw (a custom table per log type) or sentinel (Microsoft Sentinel's tables)")
			if f.Lookup("format") == nil {
				f.String("format", "query", "output format")
			}
		},
		convert: func(rules []*ir.Rule) ([]backends.File, error) {
			profile, ok := kusto.ParseProfile(fields)
			if !ok {
				return nil, fmt.Errorf("unknown --kusto-fields %q: want raw or sentinel", fields)
			}
			var reg *schema.Registry
			if t.registry != nil {
				var err error
				if reg, err = t.registry(); err != nil {
					return nil, err
				}
			}
			switch format() {
			case "query", "kusto", "kql":
				return kustoFiles(rules, ".kql", func(r *ir.Rule) ([]byte, error) {
					q, _, err := kusto.CompileTable(r, profile, reg)
					if err != nil {
						return nil, err
					}
					return []byte(q.String()), nil
				})
			case "sentinel-arm":
				return kustoFiles(rules, ".json", func(r *ir.Rule) ([]byte, error) { return kusto.ARM(r, profile, reg) })
			case "table":
				if profile != kusto.Raw {
					return nil, fmt.Errorf("--format table prints the raw profile's tables; Sentinel's tables are built in")
				}
				var files []backends.File
				for _, tb := range kusto.RawTables(rules, reg) {
					files = append(files, backends.File{Name: tb.Name + ".csl", Data: []byte(kusto.CreateTable(tb))})
				}
				return files, nil
			}
			return nil, fmt.Errorf("unknown --format %q for kusto: want query, sentinel-arm or table", format())
		},
		stdout: func(files []backends.File) []byte {
			var b bytes.Buffer
			for i, f := range files {
				if len(files) > 1 && strings.HasSuffix(f.Name, ".kql") {
					if i > 0 {
						b.WriteByte('\n')
					}
					fmt.Fprintf(&b, "// %s\n", strings.TrimSuffix(f.Name, ".kql"))
				}
				b.Write(f.Data)
			}
			return b.Bytes()
		},
	}
	return t
}

func kustoFiles(rules []*ir.Rule, ext string, one func(*ir.Rule) ([]byte, error)) ([]backends.File, error) {
	var files []backends.File
	var errs ir.ErrorList
	for _, r := range sortedRules(rules) {
		data, err := one(r)
		if err != nil {
			if addErr(&errs, err) {
				continue
			}
			return nil, err
		}
		files = append(files, backends.File{Name: r.ID + ext, Data: data})
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return files, nil
}
