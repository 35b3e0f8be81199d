-- rule: GCP.Log.Bucket.Or.Sink.Deleted
-- title: GCP Log Bucket or Sink Deleted
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.authorizationInfo.granted') AS "protoPayload.authorizationInfo.granted",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.authorizationInfo') AS JSON ARRAY), ARRAY[json_extract(v1, '$.authorizationInfo')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.granted') AS JSON ARRAY), ARRAY[json_extract(v2, '$.granted')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'true')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v4, '$.methodName')])) AS j5(v5) WHERE regexp_like(CASE WHEN json_format(v5) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v5, '$') END, '(?:[0-9A-Z\_a-z]+\.)*v[0-9]\.ConfigServiceV[0-9]\.Delete(Bucket|Sink)'));
