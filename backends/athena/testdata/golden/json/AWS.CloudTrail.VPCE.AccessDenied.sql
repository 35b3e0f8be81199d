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
    json_extract_scalar(raw, '$.eventType') = 'AwsVpceEvent'
    AND json_extract_scalar(raw, '$.eventCategory') = 'NetworkActivity'
    AND json_extract_scalar(raw, '$.errorCode') = 'VpceAccessDenied';
