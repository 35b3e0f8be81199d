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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event_type_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event_type_id')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE (json_format(v3) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v3, '$') = '5') OR (NOT COALESCE(json_format(v3) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v3, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v3, '$') AS DOUBLE) = 5E+00))
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.ipaddr') AS JSON ARRAY), ARRAY[json_extract(raw, '$.ipaddr')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_format(v6) NOT IN ('""', '[]', '{}', 'null')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.ipaddr') AS JSON ARRAY), ARRAY[json_extract(raw, '$.ipaddr')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = ''))
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.user_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.user_id')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_format(v12) NOT IN ('""', '[]', '{}', 'null')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.ipaddr') AS JSON ARRAY), ARRAY[json_extract(raw, '$.ipaddr')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE contains('192.168.0.0/16', TRY_CAST(CASE WHEN regexp_like(CASE WHEN json_format(v15) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v15, '$') END, '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN CASE WHEN json_format(v15) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v15, '$') END END AS IPADDRESS))));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM one_login_events
    WHERE
        EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event_type_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event_type_id')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE (json_format(v3) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v3, '$') = '5') OR (NOT COALESCE(json_format(v3) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v3, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v3, '$') AS DOUBLE) = 5E+00))
        AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.ipaddr') AS JSON ARRAY), ARRAY[json_extract(raw, '$.ipaddr')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_format(v6) NOT IN ('""', '[]', '{}', 'null')))
        AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.ipaddr') AS JSON ARRAY), ARRAY[json_extract(raw, '$.ipaddr')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = ''))
        AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.user_id') AS JSON ARRAY), ARRAY[json_extract(raw, '$.user_id')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_format(v12) NOT IN ('""', '[]', '{}', 'null')))
        AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.ipaddr') AS JSON ARRAY), ARRAY[json_extract(raw, '$.ipaddr')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE contains('192.168.0.0/16', TRY_CAST(CASE WHEN regexp_like(CASE WHEN json_format(v15) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v15, '$') END, '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN CASE WHEN json_format(v15) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v15, '$') END END AS IPADDRESS))))
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
