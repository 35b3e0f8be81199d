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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventtype') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventtype')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'user.mfa.factor.suspend')
    AND json_extract_scalar(raw, '$.outcome.result') = 'SUCCESS';
