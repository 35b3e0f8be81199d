-- rule: GCP.IAM.Tag.Enumeration
-- title: GCP IAM and Tag Enumeration
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%GetIamPolicy%' OR json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%TagKeys.ListTagKeys%' OR json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%TagKeys.ListTagValues%' OR json_extract_scalar(raw, '$.protoPayload.methodName') LIKE '%TagBindings.ListEffectiveTags%';
