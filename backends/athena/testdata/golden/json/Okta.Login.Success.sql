-- rule: Okta.Login.Success
-- title: Okta Login Signal
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.outcome.result') AS "outcome.result",
    raw
FROM okta_system_log
WHERE
    json_extract_scalar(raw, '$.eventType') = 'user.session.start'
    AND json_extract_scalar(raw, '$.outcome.result') = 'SUCCESS';
