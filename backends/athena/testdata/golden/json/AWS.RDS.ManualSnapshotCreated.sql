-- rule: AWS.RDS.ManualSnapshotCreated
-- title: AWS RDS Manual/Public Snapshot Created
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.responseElements.snapshotType') AS "responseElements.snapshotType",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'CreateDBSnapshot'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.snapshotType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.snapshotType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('manual', 'public'));
