-- rule: AWS.S3.BucketDeleted
-- title: S3 Bucket Deleted
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.vpcEndpointId') AS "vpcEndpointId",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) WHERE CASE WHEN json_format(v1) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v1, '$') END LIKE 'DeleteBucket%' ESCAPE '\')
    AND NOT ((NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))) AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = ''))) OR (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j4(v4) WHERE json_format(v4) NOT IN ('""', '[]', '{}', 'null'))) AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = ''))));
