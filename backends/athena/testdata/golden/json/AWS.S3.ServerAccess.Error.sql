-- rule: AWS.S3.ServerAccess.Error
-- title: AWS S3 Access Error
-- profile: json, table: aws_s3_server_access
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.userIdentity') AS "userIdentity",
    json_extract_scalar(raw, '$.httpstatus') AS "httpstatus",
    json_extract_scalar(raw, '$.bucket') AS "bucket",
    json_extract_scalar(raw, '$.key') AS "key",
    json_extract_scalar(raw, '$.requester') AS "requester",
    json_extract_scalar(raw, '$.remoteip') AS "remoteip",
    json_extract_scalar(raw, '$.operation') AS "operation",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_s3_server_access
WHERE
    NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.useragent') AS JSON ARRAY), ARRAY[json_extract(raw, '$.useragent')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE CASE WHEN json_format(v3) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v3, '$') END LIKE 'aws-internal%' ESCAPE '\'))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE CASE WHEN json_format(v6) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v6, '$') END LIKE 'REST.%.OBJECT' ESCAPE '\')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.httpstatus') AS JSON ARRAY), ARRAY[json_extract(raw, '$.httpstatus')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE (json_format(v9) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v9, '$') IN ('403', '405')) OR (NOT COALESCE(json_format(v9) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v9, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v9, '$') AS DOUBLE) IN (4.03E+02, 4.05E+02)));

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_s3_server_access
    WHERE
        NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.useragent') AS JSON ARRAY), ARRAY[json_extract(raw, '$.useragent')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE CASE WHEN json_format(v3) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v3, '$') END LIKE 'aws-internal%' ESCAPE '\'))
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.operation') AS JSON ARRAY), ARRAY[json_extract(raw, '$.operation')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE CASE WHEN json_format(v6) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v6, '$') END LIKE 'REST.%.OBJECT' ESCAPE '\')
        AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.httpstatus') AS JSON ARRAY), ARRAY[json_extract(raw, '$.httpstatus')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE (json_format(v9) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v9, '$') IN ('403', '405')) OR (NOT COALESCE(json_format(v9) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v9, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v9, '$') AS DOUBLE) IN (4.03E+02, 4.05E+02)))
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 10800) * 10800) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 10800) * 10800)
HAVING count(*) >= 5
ORDER BY window_start;
