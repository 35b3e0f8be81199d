-- rule: AWS.Lambda.UpdateFunctionCode
-- title: Lambda Code Updated by User
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.userName') AS "userIdentity.sessionContext.sessionIssuer.userName",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'lambda.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) WHERE CASE WHEN json_format(v4) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v4, '$') END LIKE 'UpdateFunctionCode%' ESCAPE '\')
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.type') AS JSON ARRAY), ARRAY[json_extract(v5, '$.type')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') IN ('IAMUser', 'FederatedUser')) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.type') AS JSON ARRAY), ARRAY[json_extract(v7, '$.type')])) AS j8(v8) WHERE json_extract_scalar(v8, '$') = 'AssumedRole') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.sessionContext') AS JSON ARRAY), ARRAY[json_extract(v9, '$.sessionContext')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v10, '$.sessionIssuer') AS JSON ARRAY), ARRAY[json_extract(v10, '$.sessionIssuer')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.userName') AS JSON ARRAY), ARRAY[json_extract(v11, '$.userName')])) AS j12(v12) WHERE CASE WHEN json_format(v12) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v12, '$') END LIKE 'AWSReservedSSO\_%' ESCAPE '\')));
