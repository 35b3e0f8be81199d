-- rule: Zoom.Automatic.Sign.Out.Disabled
-- title: Zoom Automatic Sign Out Disabled
-- profile: json, table: zoom_operation
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.action') AS "action",
    json_extract_scalar(raw, '$.category_type') AS "category_type",
    json_extract_scalar(raw, '$.operation_detail') AS "operation_detail",
    raw
FROM zoom_operation
WHERE
    json_extract_scalar(raw, '$.action') = 'Update'
    AND json_extract_scalar(raw, '$.category_type') = 'Account'
    AND json_extract_scalar(raw, '$.operation_detail') LIKE '%Automatically sign users out after a specified time: from On to Off%';
