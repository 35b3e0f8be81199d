-- rule: AWS.CloudTrail.IAMEntityCreatedWithoutCloudFormation
-- title: IAM Entity Created Without CloudFormation
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.invokedBy') AS "userIdentity.invokedBy",
    json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.arn') AS "userIdentity.sessionContext.sessionIssuer.arn",
    raw
FROM aws_cloud_trail
WHERE
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND json_extract_scalar(raw, '$.eventName') IN ('BatchCreateUser', 'CreateGroup', 'CreateInstanceProfile', 'CreatePolicy', 'CreatePolicyVersion', 'CreateRole', 'CreateServiceLinkedRole', 'CreateUser')
    AND (NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.invokedBy') = 'cloudformation.amazonaws.com', false) OR (NOT COALESCE(regexp_like(json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.arn'), 'arn\:aws\:iam\:\:[0-9]+\:role\/IdentityCFNServiceRole'), false) AND NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.arn') = 'arn:aws:iam::123456789012:role/IdentityCFNServiceRole', false)));
