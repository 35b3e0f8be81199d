-- rule: AWS.RDS.InstanceRebooted
-- title: AWS RDS Instance or Cluster Rebooted
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
    json_extract_scalar(requestparameters, '$.dBClusterIdentifier') AS "requestParameters:dBClusterIdentifier"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('RebootDBInstance', 'RebootDBCluster', 'RebootDBShardGroup')
    AND COALESCE(errorcode, '') = '';
