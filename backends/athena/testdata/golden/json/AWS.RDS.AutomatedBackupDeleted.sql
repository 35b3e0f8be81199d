-- rule: AWS.RDS.AutomatedBackupDeleted
-- title: AWS RDS Automated Backup Deleted
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity:principalId",
    json_extract_scalar(raw, '$.requestParameters.dbiResourceId') AS "requestParameters:dbiResourceId",
    json_extract_scalar(raw, '$.requestParameters.dbClusterResourceId') AS "requestParameters:dbClusterResourceId",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') IN ('DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup')
    AND COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '';
