-- rule: OneLogin.UserAccountLocked
-- title: OneLogin User Locked
-- profile: json, table: one_login_events
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.account_id') AS "account_id",
    json_extract_scalar(raw, '$.event_type_id') AS "event_type_id",
    json_extract_scalar(raw, '$.user_name') AS "user_name",
    json_extract_scalar(raw, '$.user_id') AS "user_id",
    raw
FROM one_login_events
WHERE
    TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) IN (531, 553, 551);
