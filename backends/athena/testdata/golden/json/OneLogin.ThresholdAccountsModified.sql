-- rule: OneLogin.ThresholdAccountsModified
-- title: OneLogin Multiple Accounts Modified
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
    TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) = 11;

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM one_login_events
    WHERE
        TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) = 11
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 600) * 600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 600) * 600)
HAVING count(*) >= 10
ORDER BY window_start;
