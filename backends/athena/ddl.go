package athena

import (
	"fmt"
	"strings"
)

// DDL returns the CREATE EXTERNAL TABLE statement of a profile, with
// partition projection on the day (yyyy/MM/dd) so that queries bounded with
// --since/--until read only those days. table "" uses the profile's default
// name; location "" writes a placeholder prefix to edit.
func DDL(p ProfileName, table, location string) string {
	prof := profiles[p]
	if table == "" {
		table = DefaultTable(p, nil)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- %s table for rulec's %s profile.\n", table, p)
	switch p {
	case ProfileCloudTrail:
		if location == "" {
			location = "s3://BUCKET/AWSLogs/ACCOUNT_ID/CloudTrail/REGION/"
		}
		b.WriteString("-- After AWS's \"Create the table for CloudTrail logs in Athena using partition projection\".\n")
	case ProfileS3Access:
		if location == "" {
			location = "s3://BUCKET/PREFIX/SOURCE_ACCOUNT_ID/SOURCE_REGION/SOURCE_BUCKET/"
		}
		b.WriteString("-- After AWS's S3 server access log table, for date-partitioned log delivery.\n")
	case ProfileJSON:
		if location == "" {
			location = "s3://BUCKET/PREFIX/"
		}
		b.WriteString("-- One event per line, the whole JSON object in raw, under PREFIX/yyyy/MM/dd/.\n")
	}
	location = strings.TrimSuffix(location, "/") + "/"
	fmt.Fprintf(&b, "CREATE EXTERNAL TABLE %s (\n", ddlTableName(table))
	var cols []string
	for _, c := range prof.Columns {
		cols = append(cols, "    `"+c.Name+"` "+hiveType(c))
	}
	b.WriteString(strings.Join(cols, ",\n"))
	b.WriteString("\n)\n")
	fmt.Fprintf(&b, "PARTITIONED BY (`%s` string)\n", PartitionColumn)
	switch p {
	case ProfileCloudTrail:
		b.WriteString("ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\n")
		b.WriteString("STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\n")
		b.WriteString("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n")
	case ProfileS3Access:
		b.WriteString("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n")
		b.WriteString("WITH SERDEPROPERTIES (\n    'input.regex' = '" + s3AccessRegex + "'\n)\n")
		b.WriteString("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n")
		b.WriteString("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n")
	case ProfileJSON:
		// The whole line is the one column: RegexSerDe with one group.
		b.WriteString("ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'\n")
		b.WriteString("WITH SERDEPROPERTIES (\n    'input.regex' = '^(.*)$'\n)\n")
		b.WriteString("STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'\n")
		b.WriteString("OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\n")
	}
	fmt.Fprintf(&b, "LOCATION '%s'\n", location)
	b.WriteString("TBLPROPERTIES (\n")
	props := []string{
		"'projection.enabled' = 'true'",
		"'projection.timestamp.type' = 'date'",
		"'projection.timestamp.format' = 'yyyy/MM/dd'",
		"'projection.timestamp.interval' = '1'",
		"'projection.timestamp.interval.unit' = 'DAYS'",
		"'projection.timestamp.range' = '2020/01/01,NOW'",
		"'storage.location.template' = '" + location + "${timestamp}'",
	}
	b.WriteString("    " + strings.Join(props, ",\n    ") + "\n);\n")
	return b.String()
}

// ddlTableName writes a (possibly qualified) table name for Hive DDL, which
// quotes with backquotes.
func ddlTableName(t string) string {
	var parts []string
	for _, p := range strings.Split(t, ".") {
		parts = append(parts, "`"+strings.ReplaceAll(p, "`", "``")+"`")
	}
	return strings.Join(parts, ".")
}

func hiveType(c column) string {
	switch c.Kind {
	case kBigint:
		return "bigint"
	case kStruct:
		return "struct<" + hiveFields(c.Fields) + ">"
	case kArrayRow:
		return "array<struct<" + hiveFields(c.Fields) + ">>"
	case kMapString:
		return "map<string,string>"
	}
	return "string"
}

func hiveFields(fs []column) string {
	var parts []string
	for _, f := range fs {
		parts = append(parts, f.Name+":"+hiveType(f))
	}
	return strings.Join(parts, ",")
}

// s3AccessRegex is AWS's documented input.regex for server access logs,
// one group per column in s3AccessColumns, trailing fields optional.
const s3AccessRegex = `([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$`
