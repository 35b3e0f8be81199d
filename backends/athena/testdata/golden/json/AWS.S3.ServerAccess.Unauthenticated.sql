-- rule: AWS.S3.ServerAccess.Unauthenticated
-- title: AWS S3 Unauthenticated Access
-- profile: json, table: aws_s3_server_access
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.bucket') AS "bucket",
    json_extract_scalar(raw, '$.key') AS "key",
    json_extract_scalar(raw, '$.requester') AS "requester",
    raw
FROM aws_s3_server_access
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.bucket') AS JSON ARRAY), ARRAY[json_extract(raw, '$.bucket')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'example-bucket')
    AND (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requester') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requester')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_format(v6) NOT IN ('""', '[]', '{}', 'null')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requester') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requester')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = ''));
