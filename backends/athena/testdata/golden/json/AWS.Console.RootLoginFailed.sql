-- rule: AWS.Console.RootLoginFailed
-- title: Failed Root Console Login
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    json_extract_scalar(raw, '$.responseElements.ConsoleLogin') AS "responseElements.ConsoleLogin",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'ConsoleLogin')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.type') AS JSON ARRAY), ARRAY[json_extract(v2, '$.type')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Root')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(v4, '$.ConsoleLogin')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'Failure');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'ConsoleLogin')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.type') AS JSON ARRAY), ARRAY[json_extract(v2, '$.type')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Root')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(v4, '$.ConsoleLogin')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'Failure')
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
