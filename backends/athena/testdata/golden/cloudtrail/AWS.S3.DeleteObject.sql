-- rule: AWS.S3.DeleteObject
-- title: AWS S3 Delete Object Detection
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    errormessage
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 's3.amazonaws.com'
    AND eventname = 'DeleteObject';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
        AND eventsource = 's3.amazonaws.com'
        AND eventname = 'DeleteObject'
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 3600) * 3600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 3600) * 3600)
HAVING count(*) >= 50
ORDER BY window_start;
