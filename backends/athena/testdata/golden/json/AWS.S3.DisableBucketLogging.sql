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
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND json_extract_scalar(raw, '$.eventSource') = 's3.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'PutBucketLogging'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.logging') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.logging')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = '');
