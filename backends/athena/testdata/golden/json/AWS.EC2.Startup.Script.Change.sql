-- rule: AWS.EC2.Startup.Script.Change
-- title: AWS EC2 Startup Script Change
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.requestParameters.userData') AS "requestParameters.userData",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'ModifyInstanceAttribute'
    AND NOT (COALESCE(json_extract_scalar(raw, '$.requestParameters.userData'), '') = '');
