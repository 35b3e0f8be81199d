-- rule: AWS.CloudTrail.SES.CheckSendQuota
-- title: AWS CloudTrail SES Check Send Quota
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.userName') AS "userIdentity.sessionContext.sessionIssuer.userName",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'GetSendQuota'
    AND NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.userName') = 'AWSServiceRoleForTrustedAdvisor', false);
