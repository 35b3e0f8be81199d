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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'AssumeRole')
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.roleArn') AS JSON ARRAY), ARRAY[json_extract(v2, '$.roleArn')])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null')))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.type') AS JSON ARRAY), ARRAY[json_extract(v4, '$.type')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'AWSService');
