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
    json_extract_scalar(raw, '$.bucket') = 'example-bucket'
    AND (COALESCE(json_extract_scalar(raw, '$.requester'), '') = '' OR json_extract_scalar(raw, '$.requester') = '');
