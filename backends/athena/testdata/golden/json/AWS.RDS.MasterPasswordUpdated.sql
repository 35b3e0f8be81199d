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
    json_extract_scalar(raw, '$.eventName') = 'ModifyDBInstance'
    AND json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.pendingModifiedValues') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.pendingModifiedValues')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.masterUserPassword') AS JSON ARRAY), ARRAY[json_extract(v3, '$.masterUserPassword')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_format(v6) NOT IN ('""', '[]', '{}', 'null')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.pendingModifiedValues') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.pendingModifiedValues')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.masterUserPassword') AS JSON ARRAY), ARRAY[json_extract(v9, '$.masterUserPassword')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_extract_scalar(v12, '$') = ''));
