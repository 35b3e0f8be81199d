-- rule: OneLogin.ActiveLoginActivity
-- title: OneLogin Active Login Activity
-- profile: json, table: one_login_events
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.account_id') AS "account_id",
    json_extract_scalar(raw, '$.user_name') AS "user_name",
    json_extract_scalar(raw, '$.user_id') AS "user_id",
    json_extract_scalar(raw, '$.event_type_id') AS "event_type_id",
    json_extract_scalar(raw, '$.ipaddr') AS "ipaddr",
    raw
FROM one_login_events
WHERE
    TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) = 5
    AND NOT (COALESCE(json_extract_scalar(raw, '$.ipaddr'), '') = '')
    AND NOT COALESCE(json_extract_scalar(raw, '$.ipaddr') = '', false)
    AND NOT (TRY_CAST(json_extract_scalar(raw, '$.user_id') AS DOUBLE) IS NULL)
    AND NOT COALESCE(contains('192.168.0.0/16', TRY_CAST(CASE WHEN regexp_like(json_extract_scalar(raw, '$.ipaddr'), '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN json_extract_scalar(raw, '$.ipaddr') END AS IPADDRESS)), false);

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM one_login_events
    WHERE
        TRY_CAST(json_extract_scalar(raw, '$.event_type_id') AS DOUBLE) = 5
        AND NOT (COALESCE(json_extract_scalar(raw, '$.ipaddr'), '') = '')
        AND NOT COALESCE(json_extract_scalar(raw, '$.ipaddr') = '', false)
        AND NOT (TRY_CAST(json_extract_scalar(raw, '$.user_id') AS DOUBLE) IS NULL)
        AND NOT COALESCE(contains('192.168.0.0/16', TRY_CAST(CASE WHEN regexp_like(json_extract_scalar(raw, '$.ipaddr'), '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN json_extract_scalar(raw, '$.ipaddr') END AS IPADDRESS)), false)
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 43200) * 43200) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 43200) * 43200)
HAVING count(*) >= 3
ORDER BY window_start;
