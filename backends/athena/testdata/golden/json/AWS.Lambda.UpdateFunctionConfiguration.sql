-- rule: AWS.Lambda.UpdateFunctionConfiguration
-- title: Lambda Configuration Updated with Layers by User
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.responseElements.layers') AS "responseElements.layers",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.userName') AS "userIdentity.sessionContext.sessionIssuer.userName",
    raw
FROM aws_cloud_trail
WHERE
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND json_extract_scalar(raw, '$.eventSource') = 'lambda.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'UpdateFunctionConfiguration20150331v2'
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(TRY_CAST(json_extract(raw, '$.responseElements.layers') AS JSON ARRAY)) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null')))
    AND (json_extract_scalar(raw, '$.userIdentity.type') IN ('IAMUser', 'FederatedUser') OR (json_extract_scalar(raw, '$.userIdentity.type') = 'AssumedRole' AND json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.userName') LIKE 'AWSReservedSSO\_%' ESCAPE '\'));
