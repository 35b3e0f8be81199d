package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/rulec/rulec/backends"
	"github.com/rulec/rulec/backends/athena"
	"github.com/rulec/rulec/ir"
)

// athenaTarget emits Athena (Trino) SQL: one hunting query per rule, or
// with --ddl the CREATE EXTERNAL TABLE of a profile.
func athenaTarget() *target {
	var profile, table, since, until, ddl, location string
	var t *target
	t = &target{
		name:  "athena",
		short: "Athena (Trino) SQL hunting queries over CloudTrail, S3 access log and JSON tables",
		flags: func(fs *pflag.FlagSet) {
			fs.StringVar(&profile, "profile", "", "athena: table profile (cloudtrail, s3access, json); default: from each rule's LogTypes")
			fs.StringVar(&table, "table", "", "athena: table to query (db.table allowed); default: cloudtrail_logs, s3_access_logs, or the log type in snake case")
			fs.StringVar(&since, "since", "", "athena: only events at or after this time (2024-01-31 or RFC 3339); also bounds the timestamp partition")
			fs.StringVar(&until, "until", "", "athena: only events before this time (a bare date includes that whole day)")
			fs.StringVar(&ddl, "ddl", "", "athena: print the CREATE EXTERNAL TABLE, with partition projection, of this profile (PATHS are not read)")
			fs.StringVar(&location, "location", "", "athena: with --ddl, the S3 prefix the table reads (default: a placeholder to edit)")
		},
		convert: func(rules []*ir.Rule) ([]backends.File, error) {
			opt, err := athenaOptions(profile, table, since, until)
			if err != nil {
				return nil, err
			}
			if t.registry != nil {
				if opt.Registry, err = t.registry(); err != nil {
					return nil, err
				}
			}
			qs, err := athena.ConvertAll(rules, opt)
			if err != nil {
				return nil, err
			}
			var files []backends.File
			for _, q := range qs {
				files = append(files, backends.File{Name: fileName(q.RuleID, ".sql"), Data: []byte(q.Text())})
			}
			return files, nil
		},
		stdout: func(files []backends.File) []byte {
			var parts []string
			for _, f := range files {
				parts = append(parts, string(f.Data))
			}
			return []byte(strings.Join(parts, "\n"))
		},
		standalone: func() ([]backends.File, bool, error) {
			if ddl == "" {
				return nil, false, nil
			}
			p, err := athena.ParseProfile(ddl)
			if err != nil {
				return nil, true, fmt.Errorf("--ddl: %v", err)
			}
			text := athena.DDL(p, table, location)
			return []backends.File{{Name: string(p) + ".ddl.sql", Data: []byte(text)}}, true, nil
		},
	}
	return t
}

func athenaOptions(profile, table, since, until string) (athena.Options, error) {
	var opt athena.Options
	if profile != "" {
		p, err := athena.ParseProfile(profile)
		if err != nil {
			return opt, err
		}
		opt.Profile = p
	}
	opt.Table = table
	var err error
	if since != "" {
		if opt.Since, err = parseHuntTime(since, false); err != nil {
			return opt, fmt.Errorf("--since: %v", err)
		}
	}
	if until != "" {
		if opt.Until, err = parseHuntTime(until, true); err != nil {
			return opt, fmt.Errorf("--until: %v", err)
		}
	}
	return opt, nil
}

// parseHuntTime reads a date (the start of that day, or for an upper bound
// the start of the next) or an RFC 3339 time, in UTC.
func parseHuntTime(s string, upper bool) (time.Time, error) {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if upper {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is neither a date (2024-01-31) nor an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

// fileName turns a rule ID into a file name.
func fileName(id, ext string) string {
	if id == "" {
		id = "unnamed"
	}
	var b strings.Builder
	for _, r := range id {
		if r == '/' || r == '\\' || r < 0x20 {
			r = '_'
		}
		b.WriteRune(r)
	}
	return b.String() + ext
}
