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
    TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) = 24 OR TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) = 172;
