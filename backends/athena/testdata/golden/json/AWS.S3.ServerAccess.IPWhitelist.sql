-- rule: AWS.S3.ServerAccess.IPWhitelist
-- title: AWS S3 Access IP Allowlist
-- profile: json, table: aws_s3_server_access
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.bucket') AS "bucket",
    json_extract_scalar(raw, '$.key') AS "key",
    json_extract_scalar(raw, '$.remoteip') AS "remoteip",
    raw
FROM aws_s3_server_access
WHERE
    NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.remoteip') AS JSON ARRAY), ARRAY[json_extract(raw, '$.remoteip')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.remoteip') AS JSON ARRAY), ARRAY[json_extract(raw, '$.remoteip')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE contains('10.0.0.0/8', TRY_CAST(CASE WHEN regexp_like(CASE WHEN json_format(v6) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v6, '$') END, '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN CASE WHEN json_format(v6) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v6, '$') END END AS IPADDRESS))));
