-- rule: GitHub.SupplyChain.SuspiciousUserAgents
-- title: GitHub Supply Chain - Software Installation Tool User Agents
-- profile: json, table: git_hub_audit
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.action') AS "action",
    json_extract_scalar(raw, '$.user_agent') AS "user_agent",
    raw
FROM git_hub_audit
WHERE
    NOT COALESCE(json_extract_scalar(raw, '$.action') IN ('git.clone', 'git.fetch', 'git.pull', 'git.checkout', 'git.archive', 'repo.download'), false)
    AND regexp_like(json_extract_scalar(raw, '$.user_agent'), '[^\n][^\n][^\n]')
    AND (regexp_like(json_extract_scalar(raw, '$.user_agent'), '[Nn][Pp][Mm]\/[0-9]+\.[0-9]+\.[0-9]+[\x09-\x0a\x0c-\x0d ]+[Nn][Oo][Dd][Ee]\/[Vv][0-9]+\.[0-9]+\.[0-9]+[\x09-\x0a\x0c-\x0d ]+[0-9A-Z\_a-zſK]+[\x09-\x0a\x0c-\x0d ]+[0-9A-Z\_a-zſK]+[\x09-\x0a\x0c-\x0d ]+[Ww][Oo][Rr][KkK][Ssſ][Pp][Aa][Cc][Ee][Ssſ]\/(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ssſ][Ee])(?:[\x09-\x0a\x0c-\x0d ]+[Cc][Ii]\/[0-9A-Z\_a-zſK]+)?') OR regexp_like(json_extract_scalar(raw, '$.user_agent'), '[Yy][Aa][Rr][Nn]\/[0-9]+\.[0-9]+\.[0-9]+(?:\-[Cc][Oo][Rr][Ee])?[\x09-\x0a\x0c-\x0d ]+[Nn][Pp][Mm]\/\?[\x09-\x0a\x0c-\x0d ]+[Nn][Oo][Dd][Ee]\/[Vv][0-9]+\.[0-9]+\.[0-9]+[\x09-\x0a\x0c-\x0d ]+[0-9A-Z\_a-zſK]+[\x09-\x0a\x0c-\x0d ]+[0-9A-Z\_a-zſK]+') OR regexp_like(json_extract_scalar(raw, '$.user_agent'), '[Pp][Ii][Pp]\/[0-9]+\.[0-9]+(?:\.[0-9]+)?[\x09-\x0a\x0c-\x0d ]+\{[^\n]*\}') OR regexp_like(json_extract_scalar(raw, '$.user_agent'), '[Rr][Uu][Bb][Yy]\,[\x09-\x0a\x0c-\x0d ]+[Rr][Uu][Bb][Yy][Gg][Ee][Mm][Ssſ]\/[0-9]+\.[0-9]+\.[0-9]+[\x09-\x0a\x0c-\x0d ]+[\-0-9A-Z\_a-zſK]+[\x09-\x0a\x0c-\x0d ]+[Rr][Uu][Bb][Yy]\/[0-9]+\.[0-9]+\.[0-9]+[\x09-\x0a\x0c-\x0d ]+\([\x00-\(\*-􏿿]+\)') OR regexp_like(json_extract_scalar(raw, '$.user_agent'), '[Cc][Aa][Rr][Gg][Oo]\/[0-9]+\.[0-9]+\.[0-9]+'));
