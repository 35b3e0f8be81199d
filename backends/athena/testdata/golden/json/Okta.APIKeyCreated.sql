-- rule: Okta.APIKeyCreated
-- title: Okta API Key Created
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.displayMessage') AS "displayMessage",
    json_extract_scalar(raw, '$.outcome.result') AS "outcome.result",
    raw
FROM okta_system_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'system.api_token.create')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.outcome') AS JSON ARRAY), ARRAY[json_extract(raw, '$.outcome')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.result') AS JSON ARRAY), ARRAY[json_extract(v6, '$.result')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 'SUCCESS');
