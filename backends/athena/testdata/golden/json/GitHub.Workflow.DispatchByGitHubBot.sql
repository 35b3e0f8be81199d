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
    json_extract_scalar(raw, '$.programmatic_access_type') = 'GitHub App server-to-server token'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.event') AS JSON ARRAY), ARRAY[json_extract(raw, '$.event')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'workflow_dispatch')
    AND json_extract_scalar(raw, '$.actor') = 'github-actions[bot]'
    AND json_extract_scalar(raw, '$.action') = 'workflows.created_workflow_run';
