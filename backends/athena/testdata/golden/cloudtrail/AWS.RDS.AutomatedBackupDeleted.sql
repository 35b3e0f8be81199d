-- rule: AWS.RDS.AutomatedBackupDeleted
-- title: AWS RDS Automated Backup Deleted
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useridentity.principalid AS "userIdentity:principalId",
    json_extract_scalar(requestparameters, '$.dbiResourceId') AS "requestParameters:dbiResourceId",
    json_extract_scalar(requestparameters, '$.dbClusterResourceId') AS "requestParameters:dbClusterResourceId"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('DeleteDBInstanceAutomatedBackup', 'DeleteDBClusterAutomatedBackup')
    AND COALESCE(errorcode, '') = '';
