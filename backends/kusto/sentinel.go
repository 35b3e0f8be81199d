package kusto

import "strings"

// The sentinel profile's tables: Microsoft Sentinel's built-in tables for
// the log types rulec reads, with the column each log path lands in. A path
// with no column of its own is read below a dynamic column (or a string
// column holding JSON text) when one holds it, else it is a positioned
// error. Sources:
//
//   - AWSCloudTrail: https://learn.microsoft.com/azure/azure-monitor/reference/tables/awscloudtrail
//     (AdditionalEventData, RequestParameters, ResponseElements, Resources and
//     ServiceEventDetails are strings holding the record's JSON; ReadOnly,
//     ManagementEvent and SessionMfaAuthenticated are bool);
//   - AWSVPCFlow: https://learn.microsoft.com/azure/azure-monitor/reference/tables/awsvpcflow
//     and Azure/Azure-Sentinel .script/tests/KqlvalidationsTests/CustomTables/AWSVPCFlow.json
//     (ports, packets, TCP flags and version int, bytes long);
//   - GCPAuditLogs: https://learn.microsoft.com/azure/azure-monitor/reference/tables/gcpauditlogs
//     and Azure/Azure-Sentinel .script/tests/KqlvalidationsTests/CustomTables/GCPAuditLogs.json;
//   - Okta_CL (the Okta Single Sign-On connector's table, the LogEvent
//     flattened with _s/_b/_d suffixes): Azure/Azure-Sentinel
//     Solutions/Okta Single Sign-On and the KQL validation schema;
//   - DeviceProcessEvents (Microsoft Defender XDR advanced hunting, for
//     Sigma's process_creation content):
//     https://learn.microsoft.com/defender-xdr/advanced-hunting-deviceprocessevents-table;
//     Sysmon's fields map as pySigma's microsoft_365_defender pipeline maps
//     them (Image -> FolderPath, the full path of the image; CommandLine ->
//     ProcessCommandLine; Parent* -> InitiatingProcess*; version-info
//     fields -> ProcessVersionInfo*). Fields whose Defender column holds a
//     different datum (User is DOMAIN\user in Sysmon, AccountName a bare
//     name in Defender) have no column here;
//   - GitHubAuditLogPolling_CL (the GitHub Enterprise audit log connector):
//     Azure/Azure-Sentinel .script/tests/KqlvalidationsTests/CustomTables/GitHubAuditLogPolling_CL.json.

type colSpec struct {
	name   string
	typ    ColumnType
	source string // dotted log path; "" for columns no field maps to
	json   bool
}

func table(name, source string, specs ...colSpec) *Table {
	t := &Table{Name: name, Source: source}
	for _, s := range specs {
		c := &Column{Name: s.name, Type: s.typ, JSON: s.json}
		if s.source != "" {
			c.Source = strings.Split(s.source, ".")
		}
		t.Columns = append(t.Columns, c)
	}
	return t
}

func str_(name, source string) colSpec  { return colSpec{name, TypeString, source, false} }
func json_(name, source string) colSpec { return colSpec{name, TypeString, source, true} }
func dyn(name, source string) colSpec   { return colSpec{name, TypeDynamic, source, false} }
func bool_(name, source string) colSpec { return colSpec{name, TypeBool, source, false} }
func real_(name, source string) colSpec { return colSpec{name, TypeReal, source, false} }
func time_(name, source string) colSpec { return colSpec{name, TypeDatetime, source, false} }
func int_(name, source string) colSpec  { return colSpec{name, TypeInt, source, false} }
func long_(name, source string) colSpec { return colSpec{name, TypeLong, source, false} }

// SentinelTable returns a fresh copy of the Sentinel table for a log type,
// or nil when Sentinel has none.
func SentinelTable(logType string) *Table {
	switch logType {
	case "AWS.CloudTrail":
		return table("AWSCloudTrail", "https://learn.microsoft.com/azure/azure-monitor/reference/tables/awscloudtrail",
			json_("AdditionalEventData", "additionalEventData"),
			str_("APIVersion", "apiVersion"),
			str_("AwsEventId", "eventID"),
			str_("AwsRequestId_", "requestID"),
			str_("AWSRegion", "awsRegion"),
			str_("Category", "eventCategory"),
			str_("CipherSuite", "tlsDetails.cipherSuite"),
			str_("ClientProvidedHostHeader", "tlsDetails.clientProvidedHostHeader"),
			str_("ErrorCode", "errorCode"),
			str_("ErrorMessage", "errorMessage"),
			str_("EventName", "eventName"),
			str_("EventSource", "eventSource"),
			str_("EventTypeName", "eventType"),
			str_("EventVersion", "eventVersion"),
			bool_("ManagementEvent", "managementEvent"),
			bool_("ReadOnly", "readOnly"),
			str_("RecipientAccountId", "recipientAccountId"),
			json_("RequestParameters", "requestParameters"),
			json_("Resources", "resources"),
			json_("ResponseElements", "responseElements"),
			json_("ServiceEventDetails", "serviceEventDetails"),
			time_("SessionCreationDate", "userIdentity.sessionContext.attributes.creationDate"),
			str_("SessionIssuerAccountId", "userIdentity.sessionContext.sessionIssuer.accountId"),
			str_("SessionIssuerArn", "userIdentity.sessionContext.sessionIssuer.arn"),
			str_("SessionIssuerPrincipalId", "userIdentity.sessionContext.sessionIssuer.principalId"),
			str_("SessionIssuerType", "userIdentity.sessionContext.sessionIssuer.type"),
			str_("SessionIssuerUserName", "userIdentity.sessionContext.sessionIssuer.userName"),
			bool_("SessionMfaAuthenticated", "userIdentity.sessionContext.attributes.mfaAuthenticated"),
			str_("SharedEventId", "sharedEventID"),
			str_("SourceIpAddress", "sourceIPAddress"),
			time_("TimeGenerated", "eventTime"),
			str_("TlsVersion", "tlsDetails.tlsVersion"),
			str_("UserAgent", "userAgent"),
			str_("UserIdentityAccessKeyId", "userIdentity.accessKeyId"),
			str_("UserIdentityAccountId", "userIdentity.accountId"),
			str_("UserIdentityArn", "userIdentity.arn"),
			str_("UserIdentityInvokedBy", "userIdentity.invokedBy"),
			str_("UserIdentityPrincipalid", "userIdentity.principalId"),
			str_("UserIdentityType", "userIdentity.type"),
			str_("UserIdentityUserName", "userIdentity.userName"),
			str_("VpcEndpointId", "vpcEndpointId"),
		)
	case "AWS.VPCFlow":
		return table("AWSVPCFlow", "https://learn.microsoft.com/azure/azure-monitor/reference/tables/awsvpcflow",
			str_("AccountId", "account"),
			str_("Action", "action"),
			str_("AzId", "azId"),
			long_("Bytes", "bytes"),
			str_("DstAddr", "dstAddr"),
			int_("DstPort", "dstPort"),
			str_("FlowDirection", "flowDirection"),
			str_("InstanceId", "instanceId"),
			str_("InterfaceId", "interfaceId"),
			str_("LogStatus", "log_status"),
			int_("Packets", "packets"),
			str_("PktDstAddr", "pktDstAddr"),
			str_("PktDstAwsService", "pktDstAwsService"),
			str_("PktSrcAddr", "pktSrcAddr"),
			str_("PktSrcAwsService", "pktSrcAwsService"),
			str_("Region", "region"),
			str_("SrcAddr", "srcAddr"),
			int_("SrcPort", "srcPort"),
			str_("SublocationId", "subLocationId"),
			str_("SublocationType", "subLocationType"),
			str_("SubnetId", "subnetId"),
			int_("TcpFlags", "tcpFlags"),
			str_("TrafficType", "type"),
			int_("Version", "version"),
			str_("VpcId", "vpcId"),
		)
	case "Windows.ProcessCreation":
		return table("DeviceProcessEvents", "https://learn.microsoft.com/defender-xdr/advanced-hunting-deviceprocessevents-table",
			str_("FolderPath", "Image"),
			str_("ProcessCommandLine", "CommandLine"),
			str_("InitiatingProcessFolderPath", "ParentImage"),
			str_("InitiatingProcessCommandLine", "ParentCommandLine"),
			long_("ProcessId", "ProcessId"),
			long_("InitiatingProcessId", "ParentProcessId"),
			str_("ProcessVersionInfoOriginalFileName", "OriginalFileName"),
			str_("ProcessVersionInfoProductName", "Product"),
			str_("ProcessVersionInfoCompanyName", "Company"),
			str_("ProcessVersionInfoFileDescription", "Description"),
			str_("ProcessIntegrityLevel", "IntegrityLevel"),
		)
	case "GCP.AuditLog":
		return table("GCPAuditLogs", "https://learn.microsoft.com/azure/azure-monitor/reference/tables/gcpauditlogs",
			dyn("AuthenticationInfo", "protoPayload.authenticationInfo"),
			dyn("AuthorizationInfo", "protoPayload.authorizationInfo"),
			str_("GCPResourceName", "protoPayload.resourceName"),
			str_("GCPResourceType", "resource.type"),
			str_("InsertId", "insertId"),
			str_("LogName", "logName"),
			dyn("Metadata", "protoPayload.metadata"),
			str_("MethodName", "protoPayload.methodName"),
			str_("PrincipalEmail", "protoPayload.authenticationInfo.principalEmail"),
			str_("ProjectId", "resource.labels.project_id"),
			dyn("Request", "protoPayload.request"),
			dyn("RequestMetadata", "protoPayload.requestMetadata"),
			dyn("ResourceLocation", "protoPayload.resourceLocation"),
			dyn("ResourceOriginalState", "protoPayload.resourceOriginalState"),
			dyn("Response", "protoPayload.response"),
			dyn("ServiceData", "protoPayload.serviceData"),
			str_("ServiceName", "protoPayload.serviceName"),
			str_("Severity", "severity"),
			dyn("Status", "protoPayload.status"),
			time_("TimeGenerated", "receiveTimestamp"),
			time_("Timestamp", "timestamp"),
		)
	case "Okta.SystemLog":
		return table("Okta_CL", "Azure/Azure-Sentinel Solutions/Okta Single Sign-On (Okta_CL)",
			str_("actor_alternateId_s", "actor.alternateId"),
			str_("actor_displayName_s", "actor.displayName"),
			str_("actor_id_s", "actor.id"),
			str_("actor_type_s", "actor.type"),
			str_("client_ipAddress_s", "client.ipAddress"),
			str_("client_geographicalContext_city_s", "client.geographicalContext.city"),
			str_("client_geographicalContext_country_s", "client.geographicalContext.country"),
			str_("client_userAgent_rawUserAgent_s", "client.userAgent.rawUserAgent"),
			str_("displayMessage_s", "displayMessage"),
			str_("eventType_s", "eventType"),
			str_("legacyEventType_s", "legacyEventType"),
			str_("outcome_reason_s", "outcome.reason"),
			str_("outcome_result_s", "outcome.result"),
			time_("published_t", "published"),
			str_("severity_s", "severity"),
			str_("uuid_g", "uuid"),
		)
	case "GitHub.Audit":
		return table("GitHubAuditLogPolling_CL", "Azure/Azure-Sentinel .script/tests/KqlvalidationsTests/CustomTables/GitHubAuditLogPolling_CL.json",
			str_("action_s", "action"),
			str_("actor_s", "actor"),
			real_("actor_id_d", "actor_id"),
			str_("actor_ip_s", "actor_ip"),
			bool_("actor_is_bot_b", "actor_is_bot"),
			str_("actor_location_country_code_s", "actor_location.country_code"),
			str_("business_s", "business"),
			str_("invitee_s", "invitee"),
			str_("inviter_s", "inviter"),
			str_("new_repo_permission_s", "new_repo_permission"),
			str_("old_repo_permission_s", "old_repo_permission"),
			str_("operation_type_s", "operation_type"),
			str_("org_s", "org"),
			str_("permission_s", "permission"),
			bool_("public_repo_b", "public_repo"),
			str_("repo_s", "repo"),
			str_("repository_selection_s", "repository_selection"),
			str_("user_s", "user"),
			str_("user_agent_s", "user_agent"),
			str_("visibility_s", "visibility"),
		)
	}
	return nil
}
