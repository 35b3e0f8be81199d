-- rule: AWS.RDS.MasterPasswordUpdated
-- title: AWS RDS Master Password Updated
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity:arn",
    json_extract_scalar(raw, '$.responseElements.dBInstanceIdentifier') AS "responseElements:dBInstanceIdentifier",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.responseElements.pendingModifiedValues.masterUserPassword') AS "responseElements.pendingModifiedValues.masterUserPassword",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'ModifyDBInstance')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'rds.amazonaws.com')
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.pendingModifiedValues') AS JSON ARRAY), ARRAY[json_extract(v3, '$.pendingModifiedValues')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.masterUserPassword') AS JSON ARRAY), ARRAY[json_extract(v4, '$.masterUserPassword')])) AS j5(v5) WHERE json_format(v5) NOT IN ('""', '[]', '{}', 'null')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.pendingModifiedValues') AS JSON ARRAY), ARRAY[json_extract(v6, '$.pendingModifiedValues')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.masterUserPassword') AS JSON ARRAY), ARRAY[json_extract(v7, '$.masterUserPassword')])) AS j8(v8) WHERE json_extract_scalar(v8, '$') = ''));
