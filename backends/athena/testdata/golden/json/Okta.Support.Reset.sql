-- rule: Okta.Support.Reset
-- title: Okta Support Reset Credential
-- profile: json, table: okta_system_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.actor.alternateId') AS "actor.alternateId",
    json_extract_scalar(raw, '$.transaction.id') AS "transaction.id",
    json_extract_scalar(raw, '$.client.userAgent.rawUserAgent') AS "client.userAgent.rawUserAgent",
    json_extract_scalar(raw, '$.client.geographicalContext.country') AS "client.geographicalContext.country",
    raw
FROM okta_system_log
WHERE
    json_extract_scalar(raw, '$.eventType') IN ('user.account.reset_password', 'user.mfa.factor.update', 'system.mfa.factor.deactivate', 'user.mfa.attempt_bypass')
    AND json_extract_scalar(raw, '$.actor.alternateId') = 'system@okta.com'
    AND json_extract_scalar(raw, '$.transaction.id') = 'unknown'
    AND COALESCE(json_extract_scalar(raw, '$.client.userAgent.rawUserAgent'), '') = ''
    AND COALESCE(json_extract_scalar(raw, '$.client.geographicalContext.country'), '') = '';
