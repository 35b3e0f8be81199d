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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v1, '$.serviceName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'storage.googleapis.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.methodName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') IN ('storage.buckets.delete', 'storage.buckets.update'))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.severity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.severity')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'ERROR'));
