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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.serviceName')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'storage.googleapis.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v9, '$.methodName')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_extract_scalar(v12, '$') IN ('storage.buckets.delete', 'storage.buckets.update'))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.severity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.severity')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE json_extract_scalar(v15, '$') = 'ERROR'));
