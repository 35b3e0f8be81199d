-- rule: AWS.RDS.PublicRestore
-- title: AWS Public RDS Restore
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.responseElements.publiclyAccessible') AS "responseElements.publiclyAccessible",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'rds.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'RestoreDBInstanceFromDBSnapshot')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.publiclyAccessible') AS JSON ARRAY), ARRAY[json_extract(v3, '$.publiclyAccessible')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'true');
