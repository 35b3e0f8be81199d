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
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 's3.amazonaws.com'
    AND ((eventname = 'PutBucketLogging' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.logging') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.logging')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = '')) OR (eventname = 'PutBucketVersioning' AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.Status') AS JSON ARRAY), ARRAY[json_extract(v6, '$.Status')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') IN ('Suspended', 'Disabled')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.MfaDelete') AS JSON ARRAY), ARRAY[json_extract(v12, '$.MfaDelete')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE json_extract_scalar(v15, '$') = 'Disabled'))));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
        AND eventsource = 's3.amazonaws.com'
        AND ((eventname = 'PutBucketLogging' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.logging') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.logging')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = '')) OR (eventname = 'PutBucketVersioning' AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.Status') AS JSON ARRAY), ARRAY[json_extract(v6, '$.Status')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') IN ('Suspended', 'Disabled')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.VersioningConfiguration') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.VersioningConfiguration')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.MfaDelete') AS JSON ARRAY), ARRAY[json_extract(v12, '$.MfaDelete')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE json_extract_scalar(v15, '$') = 'Disabled'))))
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
