-- rule: OneLogin.AuthFactorRemoved
-- title: OneLogin Authentication Factor Removed
-- profile: json, table: one_login_events
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.account_id') AS "account_id",
    json_extract_scalar(raw, '$.event_type_id') AS "event_type_id",
    json_extract_scalar(raw, '$.user_name') AS "user_name",
    json_extract_scalar(raw, '$.user_id') AS "user_id",
    json_extract_scalar(raw, '$.authentication_factor_description') AS "authentication_factor_description",
    json_extract_scalar(raw, '$.otp_device_name') AS "otp_device_name",
    raw
FROM one_login_events
WHERE
    (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event_type_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event_type_id')])) AS j1(v1) WHERE (json_format(v1) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v1, '$') = '24') OR (NOT COALESCE(json_format(v1) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v1, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v1, '$') AS DOUBLE) = 2.4E+01)) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event_type_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event_type_id')])) AS j2(v2) WHERE (json_format(v2) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v2, '$') = '172') OR (NOT COALESCE(json_format(v2) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v2, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v2, '$') AS DOUBLE) = 1.72E+02)));
