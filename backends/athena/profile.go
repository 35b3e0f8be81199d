package athena

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
)

// ProfileName names a table layout.
type ProfileName string

// The table profiles.
const (
	ProfileCloudTrail ProfileName = "cloudtrail"
	ProfileS3Access   ProfileName = "s3access"
	ProfileJSON       ProfileName = "json"
)

// Profiles lists the profile names in help order.
func Profiles() []ProfileName {
	return []ProfileName{ProfileCloudTrail, ProfileS3Access, ProfileJSON}
}

// ParseProfile checks a --profile value.
func ParseProfile(s string) (ProfileName, error) {
	for _, p := range Profiles() {
		if string(p) == s {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown profile %q: want cloudtrail, s3access or json", s)
}

// colKind is the type of a table column or struct field.
type colKind uint8

const (
	kString    colKind = iota // STRING / VARCHAR
	kBigint                   // BIGINT
	kJSONText                 // STRING holding JSON text (CloudTrail's requestparameters ...)
	kStruct                   // STRUCT / ROW
	kArrayRow                 // ARRAY<STRUCT<...>>
	kMapString                // MAP<STRING,STRING>
)

// column is a column of a profile's table, or a field of a struct column.
type column struct {
	Name   string   // the Athena name, lower case
	Kind   colKind  // its type
	Fields []column // kStruct and kArrayRow: the fields
	// Source is the Panther field the column holds, when it differs from
	// Name other than by case (S3 access logs).
	Source string
}

func str(name string) column { return column{Name: name, Kind: kString} }
func jsonText(name string) column {
	return column{Name: name, Kind: kJSONText}
}
func strct(name string, fields ...column) column {
	return column{Name: name, Kind: kStruct, Fields: fields}
}

// profile is one table layout.
type profile struct {
	Name    ProfileName
	Columns []column
	// TimeColumn is the column holding the event time, and TimeExpr the
	// Trino expression that turns it into a timestamp.
	TimeColumn string
	TimeExpr   func(col string) string
	// Defaults are the columns every query projects, after the event time.
	Defaults []string
	// caseInsensitive: the SerDe maps JSON keys to columns and struct
	// fields ignoring case (CloudTrail's JSON SerDe does).
	caseInsensitive bool
}

var cloudTrailColumns = []column{
	str("eventversion"),
	strct("useridentity",
		str("type"), str("principalid"), str("arn"), str("accountid"), str("invokedby"),
		str("accesskeyid"), str("username"),
		strct("onbehalfof", str("userid"), str("identitystorearn")),
		strct("sessioncontext",
			strct("attributes", str("mfaauthenticated"), str("creationdate")),
			strct("sessionissuer", str("type"), str("principalid"), str("arn"), str("accountid"), str("username")),
			str("ec2roledelivery"),
			strct("webidfederationdata", str("federatedprovider"), column{Name: "attributes", Kind: kMapString}),
		),
	),
	str("eventtime"), str("eventsource"), str("eventname"), str("awsregion"), str("sourceipaddress"),
	str("useragent"), str("errorcode"), str("errormessage"),
	jsonText("requestparameters"), jsonText("responseelements"), jsonText("additionaleventdata"),
	str("requestid"), str("eventid"),
	{Name: "resources", Kind: kArrayRow, Fields: []column{str("arn"), str("accountid"), str("type")}},
	str("eventtype"), str("apiversion"), str("readonly"), str("recipientaccountid"),
	jsonText("serviceeventdetails"), str("sharedeventid"), str("vpcendpointid"), str("vpcendpointaccountid"),
	str("eventcategory"),
	strct("addendum", str("reason"), str("updatedfields"), str("originalrequestid"), str("originaleventid")),
	str("sessioncredentialfromconsole"), jsonText("edgedevicedetails"),
	strct("tlsdetails", str("tlsversion"), str("ciphersuite"), str("clientprovidedhostheader")),
}

// s3AccessColumns follows AWS's documented DDL, in log order; Source is the
// Panther field name where it differs.
var s3AccessColumns = []column{
	str("bucketowner"),
	{Name: "bucket_name", Kind: kString, Source: "bucket"},
	{Name: "requestdatetime", Kind: kString, Source: "time"},
	str("remoteip"), str("requester"), str("requestid"), str("operation"), str("key"),
	{Name: "request_uri", Kind: kString, Source: "requesturi"},
	str("httpstatus"), str("errorcode"),
	{Name: "bytessent", Kind: kBigint}, {Name: "objectsize", Kind: kBigint},
	str("totaltime"), str("turnaroundtime"), str("referrer"), str("useragent"), str("versionid"),
	str("hostid"),
	{Name: "sigv", Kind: kString, Source: "signatureversion"},
	str("ciphersuite"),
	{Name: "authtype", Kind: kString, Source: "authenticationtype"},
	{Name: "endpoint", Kind: kString, Source: "hostheader"},
	{Name: "tlsversion", Kind: kString, Source: "tlsVersion"},
	str("accesspointarn"), str("aclrequired"),
}

var profiles = map[ProfileName]*profile{
	ProfileCloudTrail: {
		Name: ProfileCloudTrail, Columns: cloudTrailColumns,
		TimeColumn: "eventtime",
		TimeExpr:   func(c string) string { return "from_iso8601_timestamp(" + c + ")" },
		Defaults: []string{"eventsource", "eventname", "useridentity.arn", "sourceipaddress",
			"awsregion", "errorcode"},
		caseInsensitive: true,
	},
	ProfileS3Access: {
		Name: ProfileS3Access, Columns: s3AccessColumns,
		TimeColumn: "requestdatetime",
		TimeExpr: func(c string) string {
			return "parse_datetime(" + c + ", 'dd/MMM/yyyy:HH:mm:ss Z')"
		},
		Defaults: []string{"bucket_name", "key", "operation", "remoteip", "requester", "httpstatus"},
	},
	ProfileJSON: {
		Name: ProfileJSON, Columns: []column{str("raw")},
		// Events as Panther stores them carry their normalized event time
		// in p_event_time ("2024-01-15 10:45:23.000").
		TimeColumn: "raw",
		TimeExpr: func(c string) string {
			return "TRY_CAST(json_extract_scalar(" + c + ", '$.p_event_time') AS TIMESTAMP)"
		},
	},
}

// PartitionColumn is the projected partition every profile's table has:
// the event day as yyyy/MM/dd, from the S3 key.
const PartitionColumn = "timestamp"

// ProfileFor returns the profile a rule's log types call for: cloudtrail
// when every log type is AWS.CloudTrail, s3access when every one is
// AWS.S3ServerAccess, json otherwise (no log types included).
func ProfileFor(logTypes []string) ProfileName {
	if len(logTypes) == 0 {
		return ProfileJSON
	}
	all := func(t string) bool {
		for _, lt := range logTypes {
			if lt != t {
				return false
			}
		}
		return true
	}
	switch {
	case all("AWS.CloudTrail"):
		return ProfileCloudTrail
	case all("AWS.S3ServerAccess"):
		return ProfileS3Access
	}
	return ProfileJSON
}

// DefaultTable returns the table name a profile reads by default:
// cloudtrail_logs, s3_access_logs, or the first log type in snake case
// (events when the rule names none).
func DefaultTable(p ProfileName, logTypes []string) string {
	switch p {
	case ProfileCloudTrail:
		return "cloudtrail_logs"
	case ProfileS3Access:
		return "s3_access_logs"
	}
	if len(logTypes) == 0 {
		return "events"
	}
	return SnakeCase(logTypes[0])
}

// SnakeCase turns a log type such as "GCP.AuditLog" into "gcp_audit_log".
func SnakeCase(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsUpper(r):
			prevLower := i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]))
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1]) && i > 0 && unicode.IsUpper(rs[i-1])
			if (prevLower || nextLower) && b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "_") {
				b.WriteByte('_')
			}
		}
	}
	return strings.Trim(b.String(), "_")
}

// lookupColumn finds the column or field named seg: by Panther source name
// or Athena name, ignoring case when the SerDe does.
func lookupColumn(cols []column, seg string, caseInsensitive bool) (column, bool) {
	for _, c := range cols {
		if c.Source != "" {
			if c.Source == seg {
				return c, true
			}
			continue
		}
		if c.Name == seg || (caseInsensitive && strings.EqualFold(c.Name, seg)) {
			return c, true
		}
	}
	return column{}, false
}

// columnNames lists a profile's columns for error messages.
func (p *profile) columnNames() string {
	var names []string
	for _, c := range p.Columns {
		n := c.Name
		if c.Source != "" {
			n = c.Source + "→" + c.Name
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
