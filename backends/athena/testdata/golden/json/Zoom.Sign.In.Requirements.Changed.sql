-- rule: Zoom.Sign.In.Requirements.Changed
-- title: Zoom Sign In Requirements Changed
-- profile: json, table: zoom_operation
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.operation_detail') AS "operation_detail",
    json_extract_scalar(raw, '$.action') AS "action",
    json_extract_scalar(raw, '$.category_type') AS "category_type",
    raw
FROM zoom_operation
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.action') AS JSON ARRAY), ARRAY[json_extract(raw, '$.action')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Update')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.category_type') AS JSON ARRAY), ARRAY[json_extract(raw, '$.category_type')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Account')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation_detail') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation_detail')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE CASE WHEN json_format(v9) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v9, '$') END LIKE '%Sign-In Password Requirement%' ESCAPE '\')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation_detail') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation_detail')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE CASE WHEN json_format(v12) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v12, '$') END LIKE '%On to Off%' ESCAPE '\');
