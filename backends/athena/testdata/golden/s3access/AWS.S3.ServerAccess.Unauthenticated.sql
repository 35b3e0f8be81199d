-- rule: AWS.S3.ServerAccess.Unauthenticated
-- title: AWS S3 Unauthenticated Access
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
    NULLIF(bucket_name, '-') = 'example-bucket'
    AND (COALESCE(NULLIF(requester, '-'), '') = '' OR NULLIF(requester, '-') = '');
