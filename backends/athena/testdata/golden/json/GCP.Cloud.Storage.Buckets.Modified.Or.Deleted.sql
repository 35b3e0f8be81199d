-- rule: GCP.Cloud.Storage.Buckets.Modified.Or.Deleted
-- title: GCP Cloud Storage Buckets Modified Or Deleted
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.protoPayload.serviceName') AS "protoPayload.serviceName",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.serviceName') = 'storage.googleapis.com'
    AND json_extract_scalar(raw, '$.protoPayload.methodName') IN ('storage.buckets.delete', 'storage.buckets.update')
    AND NOT COALESCE(json_extract_scalar(raw, '$.severity') = 'ERROR', false);
