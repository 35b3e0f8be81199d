-- rule: AWS.VPC.PortScanning
-- title: VPC Flow Port Scanning
-- profile: json, table: aws_vpc_flow
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.flowDirection') AS "flowDirection",
    json_extract_scalar(raw, '$.srcAddr') AS "srcAddr",
    json_extract_scalar(raw, '$.dstPort') AS "dstPort",
    raw
FROM aws_vpc_flow
WHERE
    json_extract_scalar(raw, '$.flowDirection') = 'egress'
    AND NOT (COALESCE(json_extract_scalar(raw, '$.srcAddr'), '') = '')
    AND NOT COALESCE(json_extract_scalar(raw, '$.srcAddr') = '', false)
    AND NOT COALESCE(json_extract_scalar(raw, '$.srcAddr') = 'null', false)
    AND NOT COALESCE(TRY_CAST(json_extract_scalar(raw, '$.dstPort') AS DOUBLE) IN (80, 123, 443, 445, 53, 853, 2049), false);

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_vpc_flow
    WHERE
        json_extract_scalar(raw, '$.flowDirection') = 'egress'
        AND NOT (COALESCE(json_extract_scalar(raw, '$.srcAddr'), '') = '')
        AND NOT COALESCE(json_extract_scalar(raw, '$.srcAddr') = '', false)
        AND NOT COALESCE(json_extract_scalar(raw, '$.srcAddr') = 'null', false)
        AND NOT COALESCE(TRY_CAST(json_extract_scalar(raw, '$.dstPort') AS DOUBLE) IN (80, 123, 443, 445, 53, 853, 2049), false)
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 3600) * 3600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 3600) * 3600)
HAVING count(*) >= 10
ORDER BY window_start;
