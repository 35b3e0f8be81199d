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
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.snapshotType') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.snapshotType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') IN ('manual', 'public'));
