-- rule: AWS.Lambda.UpdateFunctionConfiguration
-- title: Lambda Configuration Updated with Layers by User
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.responseElements.layers') AS "responseElements.layers",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.userName') AS "userIdentity.sessionContext.sessionIssuer.userName",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'lambda.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'UpdateFunctionConfiguration20150331v2')
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.layers') AS JSON ARRAY), ARRAY[json_extract(v5, '$.layers')])) AS j6(v6) WHERE json_format(v6) NOT IN ('""', '[]', '{}', 'null')))
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.type') AS JSON ARRAY), ARRAY[json_extract(v7, '$.type')])) AS j8(v8) WHERE json_extract_scalar(v8, '$') IN ('IAMUser', 'FederatedUser')) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.type') AS JSON ARRAY), ARRAY[json_extract(v9, '$.type')])) AS j10(v10) WHERE json_extract_scalar(v10, '$') = 'AssumedRole') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.sessionContext') AS JSON ARRAY), ARRAY[json_extract(v11, '$.sessionContext')])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.sessionIssuer') AS JSON ARRAY), ARRAY[json_extract(v12, '$.sessionIssuer')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v13, '$.userName') AS JSON ARRAY), ARRAY[json_extract(v13, '$.userName')])) AS j14(v14) WHERE CASE WHEN json_format(v14) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v14, '$') END LIKE 'AWSReservedSSO\_%' ESCAPE '\')));
