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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.action') AS JSON ARRAY), ARRAY[json_extract(raw, '$.action')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'org.set_default_workflow_permissions')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation_type') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation_type')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'modify');
