-- rule: AWS.RDS.SnapshotExport
-- title: AWS RDS Snapshot Exported to S3
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
    json_extract_scalar(requestparameters, '$.s3BucketName') AS "requestParameters:s3BucketName",
    json_extract_scalar(requestparameters, '$.sourceArn') AS "requestParameters:sourceArn"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname = 'StartExportTask'
    AND COALESCE(errorcode, '') = '';
