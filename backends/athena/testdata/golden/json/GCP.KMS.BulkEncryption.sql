-- rule: GCP.KMS.BulkEncryption
-- title: GCP KMS Bulk Encryption by GCS Service Account
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    json_extract_scalar(raw, '$.protoPayload.serviceName') AS "protoPayload.serviceName",
    json_extract_scalar(raw, '$.protoPayload.authenticationInfo.principalEmail') AS "protoPayload.authenticationInfo.principalEmail",
    raw
FROM gcp_audit_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.methodName')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Encrypt')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v9, '$.serviceName')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_extract_scalar(v12, '$') = 'cloudkms.googleapis.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v15, '$.authenticationInfo') AS JSON ARRAY), ARRAY[json_extract(v15, '$.authenticationInfo')])) AS j16(v16) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v16 AS JSON ARRAY), ARRAY[v16])) AS j17(v17) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v17 AS JSON ARRAY), ARRAY[v17])) AS j18(v18) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v18, '$.principalEmail') AS JSON ARRAY), ARRAY[json_extract(v18, '$.principalEmail')])) AS j19(v19) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v19 AS JSON ARRAY), ARRAY[v19])) AS j20(v20) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v20 AS JSON ARRAY), ARRAY[v20])) AS j21(v21) WHERE CASE WHEN json_format(v21) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v21, '$') END LIKE '%gs-project-accounts.iam.gserviceaccount.com%' ESCAPE '\')
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.severity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.severity')])) AS j22(v22) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v22 AS JSON ARRAY), ARRAY[v22])) AS j23(v23) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v23 AS JSON ARRAY), ARRAY[v23])) AS j24(v24) WHERE json_extract_scalar(v24, '$') = 'ERROR'));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM gcp_audit_log
    WHERE
        EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.methodName')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Encrypt')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v9, '$.serviceName')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_extract_scalar(v12, '$') = 'cloudkms.googleapis.com')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v15, '$.authenticationInfo') AS JSON ARRAY), ARRAY[json_extract(v15, '$.authenticationInfo')])) AS j16(v16) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v16 AS JSON ARRAY), ARRAY[v16])) AS j17(v17) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v17 AS JSON ARRAY), ARRAY[v17])) AS j18(v18) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v18, '$.principalEmail') AS JSON ARRAY), ARRAY[json_extract(v18, '$.principalEmail')])) AS j19(v19) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v19 AS JSON ARRAY), ARRAY[v19])) AS j20(v20) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v20 AS JSON ARRAY), ARRAY[v20])) AS j21(v21) WHERE CASE WHEN json_format(v21) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v21, '$') END LIKE '%gs-project-accounts.iam.gserviceaccount.com%' ESCAPE '\')
        AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.severity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.severity')])) AS j22(v22) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v22 AS JSON ARRAY), ARRAY[v22])) AS j23(v23) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v23 AS JSON ARRAY), ARRAY[v23])) AS j24(v24) WHERE json_extract_scalar(v24, '$') = 'ERROR'))
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 900) * 900) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 900) * 900)
HAVING count(*) >= 10
ORDER BY window_start;
