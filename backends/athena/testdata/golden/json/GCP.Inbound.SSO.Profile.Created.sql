-- rule: GCP.Inbound.SSO.Profile.Created
-- title: GCP Inbound SSO Profile Created
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.methodName') IN ('google.admin.AdminService.inboundSsoProfileCreated', 'google.admin.AdminService.inboundSsoProfileUpdated');
