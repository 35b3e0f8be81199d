-- rule: Okta.Support.Reset
-- title: Okta Support Reset Credential
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.actor.alternateId') AS "actor.alternateId",
    json_extract_scalar(raw, '$.transaction.id') AS "transaction.id",
    json_extract_scalar(raw, '$.client.userAgent.rawUserAgent') AS "client.userAgent.rawUserAgent",
    json_extract_scalar(raw, '$.client.geographicalContext.country') AS "client.geographicalContext.country",
    raw
FROM okta_system_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') IN ('user.account.reset_password', 'user.mfa.factor.update', 'system.mfa.factor.deactivate', 'user.mfa.attempt_bypass'))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.actor') AS JSON ARRAY), ARRAY[json_extract(raw, '$.actor')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.alternateId') AS JSON ARRAY), ARRAY[json_extract(v2, '$.alternateId')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'system@okta.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.transaction') AS JSON ARRAY), ARRAY[json_extract(raw, '$.transaction')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.id') AS JSON ARRAY), ARRAY[json_extract(v4, '$.id')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'unknown')
    AND NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.client') AS JSON ARRAY), ARRAY[json_extract(raw, '$.client')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.userAgent') AS JSON ARRAY), ARRAY[json_extract(v6, '$.userAgent')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.rawUserAgent') AS JSON ARRAY), ARRAY[json_extract(v7, '$.rawUserAgent')])) AS j8(v8) WHERE json_format(v8) NOT IN ('""', '[]', '{}', 'null'))
    AND NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.client') AS JSON ARRAY), ARRAY[json_extract(raw, '$.client')])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.geographicalContext') AS JSON ARRAY), ARRAY[json_extract(v9, '$.geographicalContext')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v10, '$.country') AS JSON ARRAY), ARRAY[json_extract(v10, '$.country')])) AS j11(v11) WHERE json_format(v11) NOT IN ('""', '[]', '{}', 'null'));
