-- rule: AWS.RDS.ClusterFailover
-- title: AWS RDS Cluster Failover Initiated
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
    json_extract_scalar(requestparameters, '$.dBClusterIdentifier') AS "requestParameters:dBClusterIdentifier",
    json_extract_scalar(requestparameters, '$.globalClusterIdentifier') AS "requestParameters:globalClusterIdentifier"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('FailoverDBCluster', 'FailoverGlobalCluster')
    AND COALESCE(errorcode, '') = '';
