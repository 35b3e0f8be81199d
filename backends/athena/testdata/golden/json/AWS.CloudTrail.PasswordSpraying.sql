-- rule: AWS.CloudTrail.PasswordSpraying
-- title: AWS CloudTrail Password Spraying
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.responseElements.ConsoleLogin') AS "responseElements.ConsoleLogin",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventType') = 'AwsConsoleSignIn'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.ConsoleLogin')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Failure');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        json_extract_scalar(raw, '$.eventType') = 'AwsConsoleSignIn'
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.ConsoleLogin')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Failure')
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
