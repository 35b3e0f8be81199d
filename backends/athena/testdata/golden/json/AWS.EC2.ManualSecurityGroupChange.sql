-- rule: AWS.EC2.ManualSecurityGroupChange
-- title: AWS EC2 Manual Security Group Change
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity.arn",
    raw
FROM aws_cloud_trail
WHERE
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND json_extract_scalar(raw, '$.eventName') IN ('CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress')
    AND json_extract_scalar(raw, '$.recipientAccountId') IN ('11111111111111', '112233445566')
    AND NOT COALESCE(regexp_like(json_extract_scalar(raw, '$.userAgent'), '\A(?s:.)* HashiCorp\/(?s:.)\.0 Terraform\/(?s:.)*\z') AND (json_extract_scalar(raw, '$.userIdentity.arn') LIKE '%Operator%' OR json_extract_scalar(raw, '$.userIdentity.arn') LIKE '%ContinousDeployment%'), false);
