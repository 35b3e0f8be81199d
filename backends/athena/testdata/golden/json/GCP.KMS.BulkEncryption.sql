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
    json_extract_scalar(raw, '$.protoPayload.methodName') = 'Encrypt'
    AND json_extract_scalar(raw, '$.protoPayload.serviceName') = 'cloudkms.googleapis.com'
    AND json_extract_scalar(raw, '$.protoPayload.authenticationInfo.principalEmail') LIKE '%gs-project-accounts.iam.gserviceaccount.com%'
    AND NOT COALESCE(json_extract_scalar(raw, '$.severity') = 'ERROR', false);

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM gcp_audit_log
    WHERE
        json_extract_scalar(raw, '$.protoPayload.methodName') = 'Encrypt'
        AND json_extract_scalar(raw, '$.protoPayload.serviceName') = 'cloudkms.googleapis.com'
        AND json_extract_scalar(raw, '$.protoPayload.authenticationInfo.principalEmail') LIKE '%gs-project-accounts.iam.gserviceaccount.com%'
        AND NOT COALESCE(json_extract_scalar(raw, '$.severity') = 'ERROR', false)
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
