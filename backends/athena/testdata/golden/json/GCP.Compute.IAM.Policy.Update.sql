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
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.response') AS JSON ARRAY), ARRAY[json_extract(v1, '$.response')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.error') AS JSON ARRAY), ARRAY[json_extract(v2, '$.error')])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v4, '$.methodName')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') IN ('v1.compute.disks.setIamPolicy', 'v1.compute.images.setIamPolicy', 'v1.compute.snapshots.setIamPolicy'));
