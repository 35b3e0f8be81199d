-- rule: AWS.S3.ServerAccess.IPWhitelist
-- title: AWS S3 Access IP Allowlist
-- profile: s3access, table: s3_access_logs
SELECT
    requestdatetime,
    bucket_name,
    key,
    operation,
    remoteip,
    requester,
    httpstatus
FROM s3_access_logs
WHERE
    NOT (COALESCE(NULLIF(remoteip, '-'), '') = '')
    AND NOT COALESCE(contains('10.0.0.0/8', TRY_CAST(CASE WHEN regexp_like(NULLIF(remoteip, '-'), '\A(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}\z') THEN NULLIF(remoteip, '-') END AS IPADDRESS)), false);
