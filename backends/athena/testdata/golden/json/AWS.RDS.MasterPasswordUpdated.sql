-- rule: AWS.RDS.MasterPasswordUpdated
-- title: AWS RDS Master Password Updated
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity:arn",
    json_extract_scalar(raw, '$.responseElements.dBInstanceIdentifier') AS "responseElements:dBInstanceIdentifier",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.responseElements.pendingModifiedValues.masterUserPassword') AS "responseElements.pendingModifiedValues.masterUserPassword",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'ModifyDBInstance'
    AND json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND NOT (COALESCE(json_extract_scalar(raw, '$.responseElements.pendingModifiedValues.masterUserPassword'), '') = '')
    AND NOT COALESCE(json_extract_scalar(raw, '$.responseElements.pendingModifiedValues.masterUserPassword') = '', false);
