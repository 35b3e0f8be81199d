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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'user.account.privilege.grant')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.outcome') AS JSON ARRAY), ARRAY[json_extract(raw, '$.outcome')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.result') AS JSON ARRAY), ARRAY[json_extract(v6, '$.result')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 'SUCCESS')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.debugContext') AS JSON ARRAY), ARRAY[json_extract(raw, '$.debugContext')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.debugData') AS JSON ARRAY), ARRAY[json_extract(v12, '$.debugData')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v15, '$.privilegeGranted') AS JSON ARRAY), ARRAY[json_extract(v15, '$.privilegeGranted')])) AS j16(v16) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v16 AS JSON ARRAY), ARRAY[v16])) AS j17(v17) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v17 AS JSON ARRAY), ARRAY[v17])) AS j18(v18) WHERE regexp_like(CASE WHEN json_format(v18) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v18, '$') END, '[Aa]dministrator'));
