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
    (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'signin.amazonaws.com') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'ConsoleLogin'))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.additionalEventData') AS JSON ARRAY), ARRAY[json_extract(raw, '$.additionalEventData')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.MFAUsed') AS JSON ARRAY), ARRAY[json_extract(v3, '$.MFAUsed')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'Yes')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(v5, '$.ConsoleLogin')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Failure');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'signin.amazonaws.com') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'ConsoleLogin'))
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.additionalEventData') AS JSON ARRAY), ARRAY[json_extract(raw, '$.additionalEventData')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.MFAUsed') AS JSON ARRAY), ARRAY[json_extract(v3, '$.MFAUsed')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'Yes')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.responseElements') AS JSON ARRAY), ARRAY[json_extract(raw, '$.responseElements')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.ConsoleLogin') AS JSON ARRAY), ARRAY[json_extract(v5, '$.ConsoleLogin')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'Failure')
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
