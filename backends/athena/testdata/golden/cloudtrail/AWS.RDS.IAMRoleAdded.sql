-- rule: AWS.RDS.IAMRoleAdded
-- title: IAM Role Added to RDS Instance or Cluster
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
    json_extract_scalar(requestparameters, '$.roleArn') AS "requestParameters:roleArn"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('AddRoleToDBInstance', 'AddRoleToDBCluster')
    AND COALESCE(errorcode, '') = '';
