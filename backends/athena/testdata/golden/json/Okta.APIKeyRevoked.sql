-- rule: Okta.APIKeyRevoked
-- title: Okta API Key Revoked
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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'system.api_token.revoke')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.outcome') AS JSON ARRAY), ARRAY[json_extract(raw, '$.outcome')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.result') AS JSON ARRAY), ARRAY[json_extract(v2, '$.result')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'SUCCESS');
