-- rule: AWS.RDS.InstanceMadePublic
-- title: AWS RDS Instance Modified to be Publicly Accessible
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
    json_extract_scalar(requestparameters, '$.publiclyAccessible') AS "requestParameters:publiclyAccessible"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('ModifyDBInstance', 'ModifyDBCluster')
    AND COALESCE(errorcode, '') = ''
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.publiclyAccessible') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.publiclyAccessible')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'true');
