-- rule: AWS.LAMBDA.CRUD
-- title: Lambda CRUD Actions
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity.arn",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'lambda.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') IN ('AddPermission', 'CreateAlias', 'CreateEventSourceMapping', 'CreateFunction', 'DeleteAlias', 'DeleteEventSourceMapping', 'DeleteFunction', 'PublishVersion', 'RemovePermission', 'UpdateAlias', 'UpdateEventSourceMapping', 'UpdateFunctionCode', 'UpdateFunctionConfiguration')
    AND NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.arn') LIKE '%DeployRole', false);
