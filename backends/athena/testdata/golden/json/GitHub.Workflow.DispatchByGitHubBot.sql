-- rule: GitHub.Workflow.DispatchByGitHubBot
-- title: GitHub Workflow Dispatched by GitHub Actions Bot
-- profile: json, table: git_hub_audit
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.programmatic_access_type') AS "programmatic_access_type",
    json_extract_scalar(raw, '$.event') AS "event",
    json_extract_scalar(raw, '$.actor') AS "actor",
    json_extract_scalar(raw, '$.action') AS "action",
    raw
FROM git_hub_audit
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.programmatic_access_type') AS JSON ARRAY), ARRAY[json_extract(raw, '$.programmatic_access_type')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'GitHub App server-to-server token')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'workflow_dispatch')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.actor') AS JSON ARRAY), ARRAY[json_extract(raw, '$.actor')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'github-actions[bot]')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.action') AS JSON ARRAY), ARRAY[json_extract(raw, '$.action')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'workflows.created_workflow_run');
