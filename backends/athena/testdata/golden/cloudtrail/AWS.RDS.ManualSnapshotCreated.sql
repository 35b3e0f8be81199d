-- rule: AWS.RDS.ManualSnapshotCreated
-- title: AWS RDS Manual/Public Snapshot Created
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    recipientaccountid,
    json_extract_scalar(responseelements, '$.snapshotType') AS "responseElements.snapshotType"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname = 'CreateDBSnapshot'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.snapshotType') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.snapshotType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('manual', 'public'));
