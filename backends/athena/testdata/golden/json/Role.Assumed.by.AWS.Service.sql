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
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.roleArn') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.roleArn')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null')))
    AND json_extract_scalar(raw, '$.userIdentity.type') = 'AWSService';
