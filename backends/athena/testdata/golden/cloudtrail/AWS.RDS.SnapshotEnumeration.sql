-- rule: AWS.RDS.SnapshotEnumeration
-- title: AWS RDS Snapshot Enumeration with Public or Shared Flag
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
    json_extract_scalar(requestparameters, '$.includePublic') AS "requestParameters:includePublic",
    json_extract_scalar(requestparameters, '$.includeShared') AS "requestParameters:includeShared"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname IN ('DescribeDBSnapshots', 'DescribeDBClusterSnapshots')
    AND COALESCE(errorcode, '') = ''
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.includePublic') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.includePublic')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'true') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.includeShared') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.includeShared')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'true'));
