-- rule: AWS.STS.GetSessionToken.Misuse
-- title: AWS STS GetSessionToken by IAM User
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_format(v6) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 'sts.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_extract_scalar(v12, '$') = 'GetSessionToken')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v15, '$.type') AS JSON ARRAY), ARRAY[json_extract(v15, '$.type')])) AS j16(v16) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v16 AS JSON ARRAY), ARRAY[v16])) AS j17(v17) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v17 AS JSON ARRAY), ARRAY[v17])) AS j18(v18) WHERE json_extract_scalar(v18, '$') = 'IAMUser');
