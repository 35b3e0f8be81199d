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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.bucket') AS JSON ARRAY), ARRAY[json_extract(raw, '$.bucket')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'example-bucket')
    AND (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requester') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requester')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requester') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requester')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = ''));
