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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v1, '$.methodName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'Encrypt')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.serviceName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'cloudkms.googleapis.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.authenticationInfo') AS JSON ARRAY), ARRAY[json_extract(v5, '$.authenticationInfo')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.principalEmail') AS JSON ARRAY), ARRAY[json_extract(v6, '$.principalEmail')])) AS j7(v7) WHERE CASE WHEN json_format(v7) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v7, '$') END LIKE '%gs-project-accounts.iam.gserviceaccount.com%' ESCAPE '\')
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.severity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.severity')])) AS j8(v8) WHERE json_extract_scalar(v8, '$') = 'ERROR'));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM gcp_audit_log
    WHERE
        EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v1, '$.methodName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'Encrypt')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.serviceName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'cloudkms.googleapis.com')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.authenticationInfo') AS JSON ARRAY), ARRAY[json_extract(v5, '$.authenticationInfo')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.principalEmail') AS JSON ARRAY), ARRAY[json_extract(v6, '$.principalEmail')])) AS j7(v7) WHERE CASE WHEN json_format(v7) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v7, '$') END LIKE '%gs-project-accounts.iam.gserviceaccount.com%' ESCAPE '\')
        AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.severity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.severity')])) AS j8(v8) WHERE json_extract_scalar(v8, '$') = 'ERROR'))
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
