-- rule: GCP.Firewall.Rule.Deleted
-- title: GCP Firewall Rule Deleted
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%.Firewall.Delete%' OR json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%.compute.firewalls.delete%';
