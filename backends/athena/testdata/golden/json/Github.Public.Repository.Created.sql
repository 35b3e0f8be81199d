-- rule: Github.Public.Repository.Created
-- title: Github Public Repository Created
-- profile: json, table: git_hub_audit
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.actor') AS "actor",
    json_extract_scalar(raw, '$.repository') AS "repository",
    json_extract_scalar(raw, '$.visibility') AS "visibility",
    json_extract_scalar(raw, '$.action') AS "action",
    raw
FROM git_hub_audit
WHERE
    json_extract_scalar(raw, '$.action') = 'repo.create'
    AND json_extract_scalar(raw, '$.visibility') = 'public';
