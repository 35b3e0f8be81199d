-- rule: Okta.User.MFA.Factor.Suspend
-- title: Okta User MFA Factor Suspend
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventtype') AS "eventtype",
    json_extract_scalar(raw, '$.outcome.result') AS "outcome.result",
    raw
FROM okta_system_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventtype') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventtype')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'user.mfa.factor.suspend')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.outcome') AS JSON ARRAY), ARRAY[json_extract(raw, '$.outcome')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.result') AS JSON ARRAY), ARRAY[json_extract(v2, '$.result')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'SUCCESS');
