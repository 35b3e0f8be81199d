package kql

import (
	"sort"
	"strings"

	"github.com/rulec/rulec/schema"
)

// FieldType is the Elasticsearch mapping type of a field in the mapping
// model. The zero value is Keyword: every path a table does not list is
// indexed as a keyword (a dynamic template mapping every string, number and
// boolean to keyword), and a path that holds an object stays an object.
type FieldType uint8

const (
	Keyword FieldType = iota // exact, case-sensitive terms; numbers and booleans are indexed as their JSON text
	Double                   // numeric; strings are coerced, "" is null
	Boolean                  // true/false; "true"/"false" are coerced, "" is false
	IP                       // IPv4/IPv6 addresses; IPv4 is stored as IPv4-mapped IPv6
	// KeywordIP is a keyword with an ip multi-field NAME.ip (ignore_malformed),
	// the raw profile's type for address fields: equality and patterns see
	// the text as written, cidr sees the parsed address, and a value that is
	// not an address ("", "-") is still indexed as text.
	KeywordIP
)

func (t FieldType) String() string {
	switch t {
	case Double:
		return "double"
	case Boolean:
		return "boolean"
	case IP:
		return "ip"
	case KeywordIP:
		return "keyword with an ip multi-field"
	}
	return "keyword"
}

// Profile selects the field names the query uses.
type Profile uint8

const (
	// Raw addresses the log's own paths: logs indexed as-is.
	Raw Profile = iota
	// ECS addresses the names Elastic's integrations give the fields.
	ECS
)

func (p Profile) String() string {
	if p == ECS {
		return "ecs"
	}
	return "raw"
}

// ParseProfile reads a --kql-fields value.
func ParseProfile(s string) (Profile, bool) {
	switch s {
	case "raw", "":
		return Raw, true
	case "ecs":
		return ECS, true
	}
	return Raw, false
}

// ecsField is one row of an ECS mapping table: the raw path prefix, the ECS
// name it is indexed under, and the ECS field's type. A row with Flattened
// set maps every path below Raw into a flattened field (keys kept, every leaf
// a keyword).
type ecsField struct {
	Raw       string
	ECS       string
	Type      FieldType
	Flattened bool
}

// ecsTables is the ECS profile's mapping model per log type, from Elastic's
// AWS, GCP, Okta and GitHub integrations (fields.yml and ingest pipelines;
// see ../shared/spec/targets.md §6). Only copies that keep the value exactly
// are listed: user.name, for instance, is overwritten for assumed roles, so
// userIdentity.userName has no ECS equivalent here.
var ecsTables = map[string][]ecsField{
	"AWS.CloudTrail": {
		{Raw: "eventSource", ECS: "event.provider"},
		{Raw: "eventName", ECS: "event.action"},
		{Raw: "awsRegion", ECS: "cloud.region"},
		{Raw: "sourceIPAddress", ECS: "source.address"},
		{Raw: "userAgent", ECS: "user_agent.original"},
		{Raw: "eventID", ECS: "event.id"},
		{Raw: "eventVersion", ECS: "aws.cloudtrail.event_version"},
		{Raw: "eventCategory", ECS: "aws.cloudtrail.event_category"},
		{Raw: "userIdentity.type", ECS: "aws.cloudtrail.user_identity.type"},
		{Raw: "userIdentity.arn", ECS: "aws.cloudtrail.user_identity.arn"},
		{Raw: "userIdentity.accessKeyId", ECS: "aws.cloudtrail.user_identity.access_key_id"},
		{Raw: "userIdentity.invokedBy", ECS: "aws.cloudtrail.user_identity.invoked_by"},
		{Raw: "userIdentity.accountId", ECS: "cloud.account.id"},
		{Raw: "userIdentity.principalId", ECS: "user.id"},
		{Raw: "userIdentity.sessionContext.attributes.mfaAuthenticated", ECS: "aws.cloudtrail.user_identity.session_context.mfa_authenticated"},
		{Raw: "userIdentity.sessionContext.attributes.creationDate", ECS: "aws.cloudtrail.user_identity.session_context.creation_date"},
		{Raw: "userIdentity.sessionContext.sessionIssuer.type", ECS: "aws.cloudtrail.user_identity.session_context.session_issuer.type"},
		{Raw: "userIdentity.sessionContext.sessionIssuer.principalId", ECS: "aws.cloudtrail.user_identity.session_context.session_issuer.principal_id"},
		{Raw: "userIdentity.sessionContext.sessionIssuer.arn", ECS: "aws.cloudtrail.user_identity.session_context.session_issuer.arn"},
		{Raw: "userIdentity.sessionContext.sessionIssuer.accountId", ECS: "aws.cloudtrail.user_identity.session_context.session_issuer.account_id"},
		{Raw: "errorCode", ECS: "aws.cloudtrail.error_code"},
		{Raw: "errorMessage", ECS: "aws.cloudtrail.error_message"},
		{Raw: "requestID", ECS: "aws.cloudtrail.request_id"},
		{Raw: "eventType", ECS: "aws.cloudtrail.event_type"},
		{Raw: "apiVersion", ECS: "aws.cloudtrail.api_version"},
		{Raw: "managementEvent", ECS: "aws.cloudtrail.management_event", Type: Boolean},
		{Raw: "readOnly", ECS: "aws.cloudtrail.read_only", Type: Boolean},
		{Raw: "recipientAccountId", ECS: "aws.cloudtrail.recipient_account_id"},
		{Raw: "sharedEventID", ECS: "aws.cloudtrail.shared_event_id"},
		{Raw: "vpcEndpointId", ECS: "aws.cloudtrail.vpc_endpoint_id"},
		{Raw: "resources.ARN", ECS: "aws.cloudtrail.resources.arn"},
		{Raw: "resources.accountId", ECS: "aws.cloudtrail.resources.account_id"},
		{Raw: "resources.type", ECS: "aws.cloudtrail.resources.type"},
		{Raw: "tlsDetails.cipherSuite", ECS: "tls.cipher"},
		{Raw: "tlsDetails.clientProvidedHostHeader", ECS: "tls.client.server_name"},
		{Raw: "requestParameters", ECS: "aws.cloudtrail.flattened.request_parameters", Flattened: true},
		{Raw: "responseElements", ECS: "aws.cloudtrail.flattened.response_elements", Flattened: true},
		{Raw: "additionalEventData", ECS: "aws.cloudtrail.flattened.additional_eventdata", Flattened: true},
		{Raw: "serviceEventDetails", ECS: "aws.cloudtrail.flattened.service_event_details", Flattened: true},
	},
	"AWS.S3ServerAccess": {
		{Raw: "bucketowner", ECS: "aws.s3access.bucket_owner"},
		{Raw: "bucket", ECS: "aws.s3access.bucket"},
		{Raw: "remoteip", ECS: "aws.s3access.remote_ip", Type: IP},
		{Raw: "requester", ECS: "aws.s3access.requester"},
		{Raw: "requestid", ECS: "aws.s3access.request_id"},
		{Raw: "operation", ECS: "aws.s3access.operation"},
		{Raw: "key", ECS: "aws.s3access.key"},
		{Raw: "requesturi", ECS: "aws.s3access.request_uri"},
		{Raw: "httpstatus", ECS: "aws.s3access.http_status", Type: Double},
		{Raw: "errorcode", ECS: "aws.s3access.error_code"},
		{Raw: "bytessent", ECS: "aws.s3access.bytes_sent", Type: Double},
		{Raw: "objectsize", ECS: "aws.s3access.object_size", Type: Double},
		{Raw: "totaltime", ECS: "aws.s3access.total_time", Type: Double},
		{Raw: "turnaroundtime", ECS: "aws.s3access.turn_around_time", Type: Double},
		{Raw: "referrer", ECS: "aws.s3access.referrer"},
		{Raw: "useragent", ECS: "aws.s3access.user_agent"},
		{Raw: "versionid", ECS: "aws.s3access.version_id"},
		{Raw: "hostid", ECS: "aws.s3access.host_id"},
		{Raw: "signatureversion", ECS: "aws.s3access.signature_version"},
		{Raw: "ciphersuite", ECS: "aws.s3access.cipher_suite"},
		{Raw: "authenticationtype", ECS: "aws.s3access.authentication_type"},
		{Raw: "hostheader", ECS: "aws.s3access.host_header"},
		{Raw: "tlsVersion", ECS: "aws.s3access.tls_version"},
		{Raw: "accesspointarn", ECS: "aws.s3access.access_point_arn"},
		{Raw: "aclrequired", ECS: "aws.s3access.aclrequired"},
	},
	"AWS.VPCFlow": {
		{Raw: "srcAddr", ECS: "source.ip", Type: IP},
		{Raw: "dstAddr", ECS: "destination.ip", Type: IP},
		{Raw: "srcPort", ECS: "source.port", Type: Double},
		{Raw: "dstPort", ECS: "destination.port", Type: Double},
		{Raw: "action", ECS: "aws.vpcflow.action"},
		{Raw: "account", ECS: "aws.vpcflow.account_id"},
		{Raw: "interfaceId", ECS: "aws.vpcflow.interface_id"},
		{Raw: "vpcId", ECS: "aws.vpcflow.vpc_id"},
		{Raw: "subnetId", ECS: "aws.vpcflow.subnet_id"},
		{Raw: "instanceId", ECS: "aws.vpcflow.instance_id"},
		{Raw: "pktSrcAddr", ECS: "aws.vpcflow.pkt_srcaddr", Type: IP},
		{Raw: "pktDstAddr", ECS: "aws.vpcflow.pkt_dstaddr", Type: IP},
		{Raw: "status", ECS: "aws.vpcflow.log_status"},
	},
	"GCP.AuditLog": {
		{Raw: "protoPayload.methodName", ECS: "event.action"},
		{Raw: "protoPayload.serviceName", ECS: "gcp.audit.service_name"},
		{Raw: "protoPayload.resourceName", ECS: "gcp.audit.resource_name"},
		{Raw: "protoPayload.authenticationInfo.principalEmail", ECS: "gcp.audit.authentication_info.principal_email"},
		{Raw: "protoPayload.authorizationInfo.granted", ECS: "gcp.audit.authorization_info.granted", Type: Boolean},
		{Raw: "protoPayload.authorizationInfo.permission", ECS: "gcp.audit.authorization_info.permission"},
		{Raw: "protoPayload.request", ECS: "gcp.audit.flattened.request", Flattened: true},
		{Raw: "protoPayload.response", ECS: "gcp.audit.flattened.response", Flattened: true},
		{Raw: "severity", ECS: "log.level"},
	},
	"GitHub.Audit": {
		// packages/github/data_stream/audit/elasticsearch/ingest_pipeline:
		// renames, and a final script dropping null, "", {} and [].
		{Raw: "action", ECS: "event.action"},
		{Raw: "actor", ECS: "user.name"},
		{Raw: "org", ECS: "github.org"},
		{Raw: "user", ECS: "user.target.name"},
		{Raw: "repo", ECS: "github.repo"},
		{Raw: "team", ECS: "github.team"},
		{Raw: "permission", ECS: "github.permission"},
		{Raw: "hashed_token", ECS: "github.hashed_token"},
		{Raw: "programmatic_access_type", ECS: "github.programmatic_access_type"},
		{Raw: "user_agent", ECS: "github.user_agent"},
		{Raw: "actor_location.country_code", ECS: "client.geo.country_iso_code"},
	},
	"Okta.SystemLog": {
		{Raw: "eventType", ECS: "okta.event_type"},
		{Raw: "outcome.result", ECS: "okta.outcome.result"},
		{Raw: "outcome.reason", ECS: "okta.outcome.reason"},
		{Raw: "actor.alternateId", ECS: "okta.actor.alternate_id"},
		{Raw: "actor.displayName", ECS: "okta.actor.display_name"},
		{Raw: "actor.type", ECS: "okta.actor.type"},
		{Raw: "client.userAgent.rawUserAgent", ECS: "okta.client.user_agent.raw_user_agent"},
		{Raw: "client.geographicalContext.country", ECS: "okta.client.geographical_context.country"},
		{Raw: "client.ipAddress", ECS: "okta.client.ip", Type: IP},
		{Raw: "transaction.id", ECS: "okta.transaction.id"},
		{Raw: "debugContext.debugData", ECS: "okta.debug_context.debug_data.flattened", Flattened: true},
	},
}

// indexPatterns are the Kibana index patterns of each log type: Elastic's
// integration data streams for the ecs profile, and rulec's naming for logs
// indexed as-is for the raw profile.
var indexPatterns = map[string]string{
	"AWS.CloudTrail":     "logs-aws.cloudtrail-*",
	"AWS.S3ServerAccess": "logs-aws.s3access-*",
	"AWS.VPCFlow":        "logs-aws.vpcflow-*",
	"GCP.AuditLog":       "logs-gcp.audit-*",
	"GitHub.Audit":       "logs-github.audit-*",
	"Okta.SystemLog":     "logs-okta.system-*",
}

// Mapping is the index mapping a query is written for: one log type's field
// names and types under one profile.
type Mapping struct {
	Profile Profile
	LogType string
	// Schemas is the log-type registry the raw profile's types come from;
	// nil means the shipped one (schema.Builtin).
	Schemas *schema.Registry
}

// logType returns the registry's declaration of the mapping's log type, or
// nil for a log type it does not know.
func (m Mapping) logType() *schema.LogType {
	reg := m.Schemas
	if reg == nil {
		reg = schema.Builtin()
	}
	if m.LogType == "" {
		return nil
	}
	return reg.Lookup(m.LogType)
}

// rawDeclared returns the declared type of path in the raw profile (the
// registry's, arrays stepped through), or nil when some step is not
// declared or lies below free JSON or an open object's undeclared members.
func (m Mapping) rawDeclared(path string) *schema.Type {
	lt := m.logType()
	if lt == nil || path == "" {
		return nil
	}
	steps := lt.Resolve(strings.Split(path, "."))
	for _, s := range steps {
		if s.Type == nil {
			return nil
		}
	}
	return steps[len(steps)-1].Type
}

// singleValued reports whether the registry says path holds at most one
// value in every event that fits the log type: each step is declared and
// none is an array.
func (m Mapping) singleValued(path string) bool {
	lt := m.logType()
	if lt == nil || path == "" {
		return false
	}
	for _, s := range lt.Resolve(strings.Split(path, ".")) {
		if s.Type == nil || s.Array() {
			return false
		}
	}
	return true
}

// rawFieldType is the raw index template's type for a declared scalar type
// (see IndexTemplate): numbers are double, booleans boolean, ip fields a
// keyword with an ip multi-field, strings and timestamps keyword.
func rawFieldType(t *schema.Type) (FieldType, bool) {
	switch t.Base().Kind {
	case schema.KindNumber:
		return Double, true
	case schema.KindBoolean:
		return Boolean, true
	case schema.KindIP:
		return KeywordIP, true
	case schema.KindString, schema.KindTimestamp:
		return Keyword, true
	}
	return Keyword, false
}

// IndexPattern returns the Kibana index pattern for the mapping's log type.
func (m Mapping) IndexPattern() string {
	if m.Profile == ECS {
		if p, ok := indexPatterns[m.LogType]; ok {
			return p
		}
	}
	if m.LogType == "" {
		return "logs-*"
	}
	return "rulec-" + strings.ToLower(m.LogType) + "-*"
}

// field is what the mapping says about one IR path.
type field struct {
	Name      string    // the name in the index
	Type      FieldType // its type
	Scalar    bool      // the path never holds an object
	Object    bool      // raw: the registry declares objects there
	Nested    bool      // raw: an array of objects, mapped nested (include_in_parent)
	Flattened bool      // a key inside an ECS flattened field
	Root      string    // Flattened: the flattened field's name
}

// resolve maps an IR path to its indexed field; ok is false when the ECS
// profile has no equivalent.
func (m Mapping) resolve(path string) (field, bool) {
	if m.Profile == Raw {
		t := m.rawDeclared(path)
		if t == nil {
			return field{Name: path}, true
		}
		if ft, ok := rawFieldType(t); ok {
			return field{Name: path, Type: ft, Scalar: true}, true
		}
		if t.Base().Kind == schema.KindObject {
			return field{Name: path, Object: true, Nested: t.Kind == schema.KindArray}, true
		}
		return field{Name: path}, true // free JSON
	}
	for _, row := range ecsTables[m.LogType] {
		if row.Flattened && strings.HasPrefix(path, row.Raw+".") {
			return field{Name: row.ECS + path[len(row.Raw):], Flattened: true, Root: row.ECS}, true
		}
		if !row.Flattened && row.Raw == path {
			return field{Name: row.ECS, Type: row.Type, Scalar: true}, true
		}
	}
	return field{}, false
}

// typeOf returns the type of an indexed field name (the evaluator's view of
// the mapping) and whether the name is a declared leaf.
func (m Mapping) typeOf(name string) (FieldType, bool) {
	if m.Profile == Raw {
		if base, ok := strings.CutSuffix(name, caselessSuffix); ok {
			// The lowercase-normalized multi-field of a keyword.
			t, declared := m.typeOf(base)
			if t == Keyword || t == KeywordIP {
				return Keyword, declared
			}
		}
		if base, ok := strings.CutSuffix(name, ".ip"); ok {
			if t := m.rawDeclared(base); t != nil && t.Base().Kind == schema.KindIP {
				return IP, true
			}
		}
		if t := m.rawDeclared(name); t != nil {
			return rawFieldType(t)
		}
		return Keyword, false
	}
	for _, row := range ecsTables[m.LogType] {
		if !row.Flattened && row.ECS == name {
			return row.Type, true
		}
	}
	return Keyword, false
}

// rawPath maps an indexed field name back to the IR path (the KQL reader's
// view); ok is false for an ECS name the table does not know.
func (m Mapping) rawPath(name string) (string, bool) {
	if m.Profile == Raw {
		return name, true
	}
	for _, row := range ecsTables[m.LogType] {
		if row.Flattened && strings.HasPrefix(name, row.ECS+".") {
			return row.Raw + name[len(row.ECS):], true
		}
		if !row.Flattened && row.ECS == name {
			return row.Raw, true
		}
	}
	return "", false
}

// HasECS reports whether the ECS profile knows logType.
func HasECS(logType string) bool { _, ok := ecsTables[logType]; return ok }

// ECSLogTypes lists the log types the ECS profile maps, sorted.
func ECSLogTypes() []string {
	var out []string
	for k := range ecsTables {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
