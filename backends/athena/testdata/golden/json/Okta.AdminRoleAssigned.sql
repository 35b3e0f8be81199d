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
    json_extract_scalar(raw, '$.eventType') = 'user.account.privilege.grant'
    AND json_extract_scalar(raw, '$.outcome.result') = 'SUCCESS'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.debugContext.debugData.privilegeGranted') AS JSON ARRAY), ARRAY[json_extract(raw, '$.debugContext.debugData.privilegeGranted')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE regexp_like(CASE WHEN json_format(v3) LIKE '"%' THEN json_extract_scalar(v3, '$') END, '[Aa]dministrator'));
