-- rule: AWS.Console.GetSigninToken.Abuse
-- title: AWS Console GetSigninToken Potential Abuse
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'signin.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'GetSigninToken')
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userAgent') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userAgent')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE CASE WHEN json_format(v9) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v9, '$') END LIKE '%Jersey/${project.version}%' ESCAPE '\'));
