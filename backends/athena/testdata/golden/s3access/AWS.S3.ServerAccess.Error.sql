-- rule: AWS.S3.ServerAccess.Error
-- title: AWS S3 Access Error
-- profile: s3access, table: s3_access_logs
SELECT
    requestdatetime,
    bucket_name,
    key,
    operation,
    remoteip,
    requester,
    httpstatus
FROM s3_access_logs
WHERE
    NOT COALESCE(NULLIF(useragent, '-') LIKE 'aws-internal%', false)
    AND NULLIF(operation, '-') LIKE 'REST.%.OBJECT'
    AND NULLIF(httpstatus, '-') IN ('403', '405');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT parse_datetime(requestdatetime, 'dd/MMM/yyyy:HH:mm:ss Z') AS event_time
    FROM s3_access_logs
    WHERE
        NOT COALESCE(NULLIF(useragent, '-') LIKE 'aws-internal%', false)
        AND NULLIF(operation, '-') LIKE 'REST.%.OBJECT'
        AND NULLIF(httpstatus, '-') IN ('403', '405')
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 10800) * 10800) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 10800) * 10800)
HAVING count(*) >= 5
ORDER BY window_start;
