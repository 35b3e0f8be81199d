-- rule: Okta.Login.Without.Push.Marker
-- title: Okta Login Without Push Marker
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.client.userAgent.rawUserAgent') AS "client.userAgent.rawUserAgent",
    raw
FROM okta_system_log
WHERE
    NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.client') AS JSON ARRAY), ARRAY[json_extract(raw, '$.client')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.userAgent') AS JSON ARRAY), ARRAY[json_extract(v1, '$.userAgent')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.rawUserAgent') AS JSON ARRAY), ARRAY[json_extract(v2, '$.rawUserAgent')])) AS j3(v3) WHERE CASE WHEN json_format(v3) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v3, '$') END LIKE '%PS\_mxzqarw' ESCAPE '\'));
