-- rule: GitHub.Repo.RulesetModified
-- title: GitHub Repository Ruleset Modified
-- profile: json, table: git_hub_audit
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.action') AS "action",
    raw
FROM git_hub_audit
WHERE
    json_extract_scalar(raw, '$.action') LIKE 'repository\_ruleset.%' ESCAPE '\';
