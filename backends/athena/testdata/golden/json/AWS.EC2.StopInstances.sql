-- rule: AWS.EC2.StopInstances
-- title: CloudTrail EC2 StopInstances
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND json_extract_scalar(raw, '$.eventName') = 'StopInstances';
