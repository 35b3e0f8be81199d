-- rule: Role.Assumed.by.AWS.Service
-- title: SIGNAL - Role Assumed by AWS Service
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.requestParameters.roleArn') AS "requestParameters.roleArn",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'AssumeRole')
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.roleArn') AS JSON ARRAY), ARRAY[json_extract(v6, '$.roleArn')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_format(v9) NOT IN ('""', '[]', '{}', 'null')))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.type') AS JSON ARRAY), ARRAY[json_extract(v12, '$.type')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE json_extract_scalar(v15, '$') = 'AWSService');
