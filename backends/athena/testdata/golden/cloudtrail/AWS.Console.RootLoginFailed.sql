-- rule: AWS.Console.RootLoginFailed
-- title: Failed Root Console Login
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
    useridentity.type,
    json_extract_scalar(responseelements, '$.ConsoleLogin') AS "responseElements.ConsoleLogin"
FROM cloudtrail_logs
WHERE
    eventname = 'ConsoleLogin'
    AND useridentity.type = 'Root'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.ConsoleLogin')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Failure');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        eventname = 'ConsoleLogin'
        AND useridentity.type = 'Root'
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.ConsoleLogin')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Failure')
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 900) * 900) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 900) * 900)
HAVING count(*) >= 5
ORDER BY window_start;
