-- rule: AWS.SecretsManager.RetrieveSecrets
-- title: EC2 Secrets Manager Retrieve Secrets
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useragent,
    recipientaccountid,
    errormessage
FROM cloudtrail_logs
WHERE
    eventname = 'GetSecretValue'
    AND (NOT (COALESCE(errorcode, '') = '') OR NOT (COALESCE(errormessage, '') = ''))
    AND errorcode = 'AccessDenied';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        eventname = 'GetSecretValue'
        AND (NOT (COALESCE(errorcode, '') = '') OR NOT (COALESCE(errormessage, '') = ''))
        AND errorcode = 'AccessDenied'
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 86400) * 86400) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 86400) * 86400)
HAVING count(*) >= 20
ORDER BY window_start;
