-- rule: Okta.AdminRoleAssigned
-- title: Okta Admin Role Assigned
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.displayMessage') AS "displayMessage",
    json_extract_scalar(raw, '$.outcome.result') AS "outcome.result",
    json_extract_scalar(raw, '$.debugContext.debugData.privilegeGranted') AS "debugContext.debugData.privilegeGranted",
    raw
FROM okta_system_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'user.account.privilege.grant')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.outcome') AS JSON ARRAY), ARRAY[json_extract(raw, '$.outcome')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.result') AS JSON ARRAY), ARRAY[json_extract(v2, '$.result')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'SUCCESS')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.debugContext') AS JSON ARRAY), ARRAY[json_extract(raw, '$.debugContext')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.debugData') AS JSON ARRAY), ARRAY[json_extract(v4, '$.debugData')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.privilegeGranted') AS JSON ARRAY), ARRAY[json_extract(v5, '$.privilegeGranted')])) AS j6(v6) WHERE regexp_like(CASE WHEN json_format(v6) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v6, '$') END, '[Aa]dministrator'));
