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
    EXISTS (SELECT 1 FROM UNNEST(TRY_CAST(json_extract(raw, '$.protoPayload.authorizationInfo') AS JSON ARRAY)) AS j1(v1) WHERE json_extract_scalar(v1, '$.granted') = 'true')
    AND regexp_like(json_extract_scalar(raw, '$.protoPayload.methodName'), '(?:[0-9A-Z\_a-z]+\.)*v[0-9]\.ConfigServiceV[0-9]\.Delete(Bucket|Sink)');
