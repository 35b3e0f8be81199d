-- rule: Okta.Login.Without.Push.Marker
-- title: Okta Login Without Push Marker
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.client.userAgent.rawUserAgent') AS "client.userAgent.rawUserAgent",
    raw
FROM okta_system_log
WHERE
    NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.client') AS JSON ARRAY), ARRAY[json_extract(raw, '$.client')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.userAgent') AS JSON ARRAY), ARRAY[json_extract(v3, '$.userAgent')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.rawUserAgent') AS JSON ARRAY), ARRAY[json_extract(v6, '$.rawUserAgent')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE CASE WHEN json_format(v9) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v9, '$') END LIKE '%PS\_mxzqarw' ESCAPE '\'));
