-- rule: AWS.S3.DeleteObject
-- title: AWS S3 Delete Object Detection
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND json_extract_scalar(raw, '$.eventSource') = 's3.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'DeleteObject';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
        AND json_extract_scalar(raw, '$.eventSource') = 's3.amazonaws.com'
        AND json_extract_scalar(raw, '$.eventName') = 'DeleteObject'
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
