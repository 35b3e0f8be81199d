-- rule: AWS.S3.ServerAccess.Error
-- title: AWS S3 Access Error
-- profile: json, table: aws_s3_server_access
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.userIdentity') AS "userIdentity",
    json_extract_scalar(raw, '$.httpstatus') AS "httpstatus",
    json_extract_scalar(raw, '$.bucket') AS "bucket",
    json_extract_scalar(raw, '$.key') AS "key",
    json_extract_scalar(raw, '$.requester') AS "requester",
    json_extract_scalar(raw, '$.remoteip') AS "remoteip",
    json_extract_scalar(raw, '$.operation') AS "operation",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_s3_server_access
WHERE
    NOT COALESCE(json_extract_scalar(raw, '$.useragent') LIKE 'aws-internal%', false)
    AND json_extract_scalar(raw, '$.operation') LIKE 'REST.%.OBJECT'
    AND TRY_CAST(json_extract_scalar(raw, '$.httpstatus') AS DOUBLE) IN (403, 405);

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_s3_server_access
    WHERE
        NOT COALESCE(json_extract_scalar(raw, '$.useragent') LIKE 'aws-internal%', false)
        AND json_extract_scalar(raw, '$.operation') LIKE 'REST.%.OBJECT'
        AND TRY_CAST(json_extract_scalar(raw, '$.httpstatus') AS DOUBLE) IN (403, 405)
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
