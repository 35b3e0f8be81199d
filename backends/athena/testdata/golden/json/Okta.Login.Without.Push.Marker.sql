-- rule: Okta.Login.Without.Push.Marker
-- title: Okta Login Without Push Marker
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.client.userAgent.rawUserAgent') AS "client.userAgent.rawUserAgent",
    raw
FROM okta_system_log
WHERE
    NOT COALESCE(json_extract_scalar(raw, '$.client.userAgent.rawUserAgent') LIKE '%PS\_mxzqarw' ESCAPE '\', false);
