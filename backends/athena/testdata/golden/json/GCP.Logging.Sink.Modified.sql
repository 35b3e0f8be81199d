-- rule: GCP.Logging.Sink.Modified
-- title: GCP Logging Sink Modified
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    regexp_like(json_extract_scalar(raw, '$.protoPayload.methodName'), '(?:[0-9A-Z\_a-z]+\.)*v[0-9]\.ConfigServiceV[0-9]\.UpdateSink');
