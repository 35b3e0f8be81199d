-- rule: GCP.Compute.IAM.Policy.Update
-- title: GCP Compute IAM Policy Update Detection
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.response.error') AS "protoPayload.response.error",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    NOT COALESCE(json_format(json_extract(raw, '$.protoPayload.response.error')) NOT IN ('""', '[]', '{}', 'null'), false)
    AND json_extract_scalar(raw, '$.protoPayload.methodName') IN ('v1.compute.disks.setIamPolicy', 'v1.compute.images.setIamPolicy', 'v1.compute.snapshots.setIamPolicy');
