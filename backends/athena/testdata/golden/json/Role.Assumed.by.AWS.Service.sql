-- rule: Role.Assumed.by.AWS.Service
-- title: SIGNAL - Role Assumed by AWS Service
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.requestParameters.roleArn') AS "requestParameters.roleArn",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'AssumeRole'
    AND NOT (COALESCE(json_extract_scalar(raw, '$.requestParameters.roleArn'), '') = '')
    AND json_extract_scalar(raw, '$.userIdentity.type') = 'AWSService';
