-- rule: AWS.RDS.InstanceDeletion
-- title: AWS RDS Instance or Cluster Deleted
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
    json_extract_scalar(requestparameters, '$.dBClusterIdentifier') AS "requestParameters:dBClusterIdentifier",
    json_extract_scalar(requestparameters, '$.skipFinalSnapshot') AS "requestParameters:skipFinalSnapshot"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('DeleteDBInstance', 'DeleteDBCluster')
    AND COALESCE(errorcode, '') = '';
