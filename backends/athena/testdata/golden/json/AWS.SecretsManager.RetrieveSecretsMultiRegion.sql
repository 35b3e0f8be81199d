-- rule: AWS.SecretsManager.RetrieveSecretsMultiRegion
-- title: AWS Secrets Manager Retrieve Secrets Multi-Region
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') = 'BatchGetSecretValue';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        json_extract_scalar(raw, '$.eventName') = 'BatchGetSecretValue'
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 600) * 600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 600) * 600)
HAVING count(*) >= 5
ORDER BY window_start;
