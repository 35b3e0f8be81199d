-- rule: GCP.Logging.Settings.Modified
-- title: GCP Logging Settings Modified
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.serviceName') AS "protoPayload.serviceName",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.serviceName') = 'logging.googleapis.com'
    AND json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%Update%';
