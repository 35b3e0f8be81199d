-- rule: AWS.S3.SecurityControlDisabling
-- title: AWS S3 Security Control Disabling
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.requestParameters.logging') AS "requestParameters.logging",
    json_extract_scalar(raw, '$.requestParameters.VersioningConfiguration.Status') AS "requestParameters.VersioningConfiguration.Status",
    json_extract_scalar(raw, '$.requestParameters.VersioningConfiguration.MfaDelete') AS "requestParameters.VersioningConfiguration.MfaDelete",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 's3.amazonaws.com')
    AND ((EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'PutBucketLogging') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.logging') AS JSON ARRAY), ARRAY[json_extract(v5, '$.logging')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = '')) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j7(v7) WHERE json_extract_scalar(v7, '$') = 'PutBucketVersioning') AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(v8, '$.VersioningConfiguration')])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.Status') AS JSON ARRAY), ARRAY[json_extract(v9, '$.Status')])) AS j10(v10) WHERE json_extract_scalar(v10, '$') IN ('Suspended', 'Disabled')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(v11, '$.VersioningConfiguration')])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.MfaDelete') AS JSON ARRAY), ARRAY[json_extract(v12, '$.MfaDelete')])) AS j13(v13) WHERE json_extract_scalar(v13, '$') = 'Disabled'))));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 's3.amazonaws.com')
        AND ((EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'PutBucketLogging') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.logging') AS JSON ARRAY), ARRAY[json_extract(v5, '$.logging')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = '')) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j7(v7) WHERE json_extract_scalar(v7, '$') = 'PutBucketVersioning') AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(v8, '$.VersioningConfiguration')])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.Status') AS JSON ARRAY), ARRAY[json_extract(v9, '$.Status')])) AS j10(v10) WHERE json_extract_scalar(v10, '$') IN ('Suspended', 'Disabled')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(v11, '$.VersioningConfiguration')])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.MfaDelete') AS JSON ARRAY), ARRAY[json_extract(v12, '$.MfaDelete')])) AS j13(v13) WHERE json_extract_scalar(v13, '$') = 'Disabled'))))
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 5400) * 5400) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 5400) * 5400)
HAVING count(*) >= 2
ORDER BY window_start;
