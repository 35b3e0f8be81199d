-- rule: Okta.Global.MFA.Disabled
-- title: Okta MFA Globally Disabled
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.displayMessage') AS "displayMessage",
    raw
FROM okta_system_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'system.mfa.factor.deactivate');
