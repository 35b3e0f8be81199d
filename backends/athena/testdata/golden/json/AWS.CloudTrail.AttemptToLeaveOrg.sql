-- rule: AWS.CloudTrail.AttemptToLeaveOrg
-- title: AWS CloudTrail Attempt To Leave Org
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'LeaveOrganization';
