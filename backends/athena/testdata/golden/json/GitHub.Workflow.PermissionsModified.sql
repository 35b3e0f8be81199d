-- rule: GitHub.Workflow.PermissionsModified
-- title: GitHub Workflow Permissions Modified
-- profile: json, table: git_hub_audit
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.action') AS "action",
    json_extract_scalar(raw, '$.operation_type') AS "operation_type",
    raw
FROM git_hub_audit
WHERE
    json_extract_scalar(raw, '$.action') = 'org.set_default_workflow_permissions'
    AND json_extract_scalar(raw, '$.operation_type') = 'modify';
