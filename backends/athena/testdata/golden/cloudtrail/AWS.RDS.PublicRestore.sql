-- rule: AWS.RDS.PublicRestore
-- title: AWS Public RDS Restore
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    json_extract_scalar(responseelements, '$.publiclyAccessible') AS "responseElements.publiclyAccessible"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname = 'RestoreDBInstanceFromDBSnapshot'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.publiclyAccessible') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.publiclyAccessible')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'true');
