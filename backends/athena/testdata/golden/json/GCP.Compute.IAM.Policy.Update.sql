-- rule: GCP.Compute.IAM.Policy.Update
-- title: GCP Compute IAM Policy Update Detection
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.response.error') AS "protoPayload.response.error",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload.response.error') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload.response.error')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null'))))
    AND json_extract_scalar(raw, '$.protoPayload.methodName') IN ('v1.compute.disks.setIamPolicy', 'v1.compute.images.setIamPolicy', 'v1.compute.snapshots.setIamPolicy');
