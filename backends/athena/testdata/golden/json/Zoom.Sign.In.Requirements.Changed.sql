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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.action') AS JSON ARRAY), ARRAY[json_extract(raw, '$.action')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'Update')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.category_type') AS JSON ARRAY), ARRAY[json_extract(raw, '$.category_type')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'Account')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation_detail') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation_detail')])) AS j3(v3) WHERE CASE WHEN json_format(v3) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v3, '$') END LIKE '%Sign-In Password Requirement%' ESCAPE '\')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation_detail') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation_detail')])) AS j4(v4) WHERE CASE WHEN json_format(v4) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v4, '$') END LIKE '%On to Off%' ESCAPE '\');
