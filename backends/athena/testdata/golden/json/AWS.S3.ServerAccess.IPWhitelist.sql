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
    NOT (COALESCE(json_extract_scalar(raw, '$.remoteip'), '') = '')
    AND NOT COALESCE(contains('10.0.0.0/8', TRY_CAST(CASE WHEN regexp_like(json_extract_scalar(raw, '$.remoteip'), '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN json_extract_scalar(raw, '$.remoteip') END AS IPADDRESS)), false);
