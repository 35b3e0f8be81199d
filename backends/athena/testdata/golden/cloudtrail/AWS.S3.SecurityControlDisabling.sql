-- rule: AWS.S3.SecurityControlDisabling
-- title: AWS S3 Security Control Disabling
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    errormessage,
    json_extract_scalar(requestparameters, '$.logging') AS "requestParameters.logging",
    json_extract_scalar(requestparameters, '$.VersioningConfiguration.Status') AS "requestParameters.VersioningConfiguration.Status",
    json_extract_scalar(requestparameters, '$.VersioningConfiguration.MfaDelete') AS "requestParameters.VersioningConfiguration.MfaDelete"
FROM cloudtrail_logs
WHERE
    NOT (NOT (COALESCE(errorcode, '') = '') OR NOT (COALESCE(errormessage, '') = ''))
    AND eventsource = 's3.amazonaws.com'
    AND ((eventname = 'PutBucketLogging' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.logging') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.logging')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = '')) OR (eventname = 'PutBucketVersioning' AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.Status') AS JSON ARRAY), ARRAY[json_extract(v2, '$.Status')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('Suspended', 'Disabled')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.MfaDelete') AS JSON ARRAY), ARRAY[json_extract(v4, '$.MfaDelete')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'Disabled'))));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        NOT (NOT (COALESCE(errorcode, '') = '') OR NOT (COALESCE(errormessage, '') = ''))
        AND eventsource = 's3.amazonaws.com'
        AND ((eventname = 'PutBucketLogging' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.logging') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.logging')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = '')) OR (eventname = 'PutBucketVersioning' AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.Status') AS JSON ARRAY), ARRAY[json_extract(v2, '$.Status')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('Suspended', 'Disabled')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.MfaDelete') AS JSON ARRAY), ARRAY[json_extract(v4, '$.MfaDelete')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'Disabled'))))
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
