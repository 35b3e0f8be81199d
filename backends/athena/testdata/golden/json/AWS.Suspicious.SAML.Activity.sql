-- rule: AWS.Suspicious.SAML.Activity
-- title: AWS SAML Activity
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity.arn",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.arn') LIKE '%:assumed-role/AWSServiceRoleForSSO/AWS-SSO', false)
    AND (COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' OR json_extract_scalar(raw, '$.errorCode') = '')
    AND json_extract_scalar(raw, '$.eventSource') = 'iam.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') IN ('UpdateSAMLProvider', 'CreateSAMLProvider', 'DeleteSAMLProvider');
