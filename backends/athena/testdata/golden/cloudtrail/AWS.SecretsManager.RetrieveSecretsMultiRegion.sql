-- rule: AWS.SecretsManager.RetrieveSecretsMultiRegion
-- title: AWS Secrets Manager Retrieve Secrets Multi-Region
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
    recipientaccountid
FROM cloudtrail_logs
WHERE
    eventname = 'BatchGetSecretValue';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        eventname = 'BatchGetSecretValue'
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 600) * 600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 600) * 600)
HAVING count(*) >= 5
ORDER BY window_start;
