-- rule: AWS.RDS.LogFileDownloaded
-- title: AWS RDS Log File Downloaded
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
    json_extract_scalar(requestparameters, '$.dBInstanceIdentifier') AS "requestParameters:dBInstanceIdentifier",
    json_extract_scalar(requestparameters, '$.logFileName') AS "requestParameters:logFileName"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname = 'DownloadDBLogFilePortion'
    AND COALESCE(errorcode, '') = '';
