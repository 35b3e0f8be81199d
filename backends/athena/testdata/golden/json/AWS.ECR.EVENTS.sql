-- rule: AWS.ECR.EVENTS
-- title: AWS ECR Events
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.userIdentity.accountId') AS "userIdentity.accountId",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'ecr.amazonaws.com'
    AND NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.accountId') = '123456789012' AND json_extract_scalar(raw, '$.awsRegion') IN ('us-west-1', 'us-west-2'), false)
    AND NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.accountId') = '103456789012' AND json_extract_scalar(raw, '$.awsRegion') IN ('us-east-1', 'us-east-2'), false);
