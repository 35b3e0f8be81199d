-- rule: AWS.Unsuccessful.MFA.attempt
-- title: AWS Unsuccessful MFA attempt
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.additionalEventData.MFAUsed') AS "additionalEventData.MFAUsed",
    json_extract_scalar(raw, '$.responseElements.ConsoleLogin') AS "responseElements.ConsoleLogin",
    raw
FROM aws_cloud_trail
WHERE
    (json_extract_scalar(raw, '$.eventSource') = 'signin.amazonaws.com' OR json_extract_scalar(raw, '$.eventName') = 'ConsoleLogin')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.additionalEventData.MFAUsed') AS JSON ARRAY), ARRAY[json_extract(raw, '$.additionalEventData.MFAUsed')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Yes')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.ConsoleLogin')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Failure');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        (json_extract_scalar(raw, '$.eventSource') = 'signin.amazonaws.com' OR json_extract_scalar(raw, '$.eventName') = 'ConsoleLogin')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.additionalEventData.MFAUsed') AS JSON ARRAY), ARRAY[json_extract(raw, '$.additionalEventData.MFAUsed')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Yes')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements.ConsoleLogin')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Failure')
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 900) * 900) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 900) * 900)
HAVING count(*) >= 2
ORDER BY window_start;
