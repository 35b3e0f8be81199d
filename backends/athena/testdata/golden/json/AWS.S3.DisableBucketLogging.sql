-- rule: AWS.S3.DisableBucketLogging
-- title: S3 Bucket Logging Disabled
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.userIdentity') AS "userIdentity",
    json_extract_scalar(raw, '$.actor_user') AS "actor_user",
    json_extract_scalar(raw, '$.requestParameters.bucketName') AS "requestParameters.bucketName",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 's3.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'PutBucketLogging')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.logging') AS JSON ARRAY), ARRAY[json_extract(v5, '$.logging')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = '');
