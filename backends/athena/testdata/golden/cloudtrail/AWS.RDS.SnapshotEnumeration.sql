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
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.includePublic') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.includePublic')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'true') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.includeShared') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.includeShared')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'true'));
