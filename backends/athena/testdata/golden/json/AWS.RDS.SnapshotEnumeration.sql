-- rule: AWS.RDS.SnapshotEnumeration
-- title: AWS RDS Snapshot Enumeration with Public or Shared Flag
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity:principalId",
    json_extract_scalar(raw, '$.requestParameters.includePublic') AS "requestParameters:includePublic",
    json_extract_scalar(raw, '$.requestParameters.includeShared') AS "requestParameters:includeShared",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'rds.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') IN ('DescribeDBSnapshots', 'DescribeDBClusterSnapshots'))
    AND NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_format(v9) NOT IN ('""', '[]', '{}', 'null'))
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.includePublic') AS JSON ARRAY), ARRAY[json_extract(v12, '$.includePublic')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE json_extract_scalar(v15, '$') = 'true') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j16(v16) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v16 AS JSON ARRAY), ARRAY[v16])) AS j17(v17) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v17 AS JSON ARRAY), ARRAY[v17])) AS j18(v18) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v18, '$.includeShared') AS JSON ARRAY), ARRAY[json_extract(v18, '$.includeShared')])) AS j19(v19) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v19 AS JSON ARRAY), ARRAY[v19])) AS j20(v20) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v20 AS JSON ARRAY), ARRAY[v20])) AS j21(v21) WHERE json_extract_scalar(v21, '$') = 'true'));
