-- rule: Okta.Support.Access
-- title: Okta Support Access Granted
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.displayMessage') AS "displayMessage",
    raw
FROM okta_system_log
WHERE
    json_extract_scalar(raw, '$.eventType') IN ('user.session.impersonation.grant', 'user.session.impersonation.initiate');
