-- rule: OneLogin.PasswordChanged
-- title: OneLogin User Password Changed
-- profile: json, table: one_login_events
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.account_id') AS "account_id",
    json_extract_scalar(raw, '$.user_name') AS "user_name",
    json_extract_scalar(raw, '$.user_id') AS "user_id",
    json_extract_scalar(raw, '$.event_type_id') AS "event_type_id",
    raw
FROM one_login_events
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event_type_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event_type_id')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE (json_format(v3) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v3, '$') = '11') OR (NOT COALESCE(json_format(v3) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v3, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v3, '$') AS DOUBLE) = 1.1E+01));
