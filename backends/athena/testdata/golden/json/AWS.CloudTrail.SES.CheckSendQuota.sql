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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'GetSendQuota')
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.sessionContext') AS JSON ARRAY), ARRAY[json_extract(v2, '$.sessionContext')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.sessionIssuer') AS JSON ARRAY), ARRAY[json_extract(v3, '$.sessionIssuer')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.userName') AS JSON ARRAY), ARRAY[json_extract(v4, '$.userName')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'AWSServiceRoleForTrustedAdvisor'));
