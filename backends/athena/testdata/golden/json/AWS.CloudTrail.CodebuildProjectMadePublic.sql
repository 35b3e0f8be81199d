-- rule: AWS.CloudTrail.CodebuildProjectMadePublic
-- title: CodeBuild Project made Public
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.requestParameters.projectVisibility') AS "requestParameters.projectVisibility",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'UpdateProjectVisibility'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.projectVisibility') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.projectVisibility')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'PUBLIC_READ');
