-- rule: AWS.CloudTrail.VPCE.AccessDenied
-- title: VPC Endpoint Access Denied
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity.principalId",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.eventCategory') AS "eventCategory",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'AwsVpceEvent')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventCategory') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventCategory')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'NetworkActivity')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'VpceAccessDenied');
