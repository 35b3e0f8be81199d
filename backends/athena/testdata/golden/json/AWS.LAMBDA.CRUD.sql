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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'lambda.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') IN ('AddPermission', 'CreateAlias', 'CreateEventSourceMapping', 'CreateFunction', 'DeleteAlias', 'DeleteEventSourceMapping', 'DeleteFunction', 'PublishVersion', 'RemovePermission', 'UpdateAlias', 'UpdateEventSourceMapping', 'UpdateFunctionCode', 'UpdateFunctionConfiguration'))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.arn') AS JSON ARRAY), ARRAY[json_extract(v3, '$.arn')])) AS j4(v4) WHERE CASE WHEN json_format(v4) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v4, '$') END LIKE '%DeployRole' ESCAPE '\'));
