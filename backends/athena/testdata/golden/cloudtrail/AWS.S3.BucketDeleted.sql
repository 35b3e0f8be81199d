-- rule: AWS.S3.BucketDeleted
-- title: S3 Bucket Deleted
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useragent,
    recipientaccountid,
    vpcendpointid,
    errormessage
FROM cloudtrail_logs
WHERE
    eventname LIKE 'DeleteBucket%'
    AND NOT ((NOT (COALESCE(errorcode, '') = '') AND NOT COALESCE(errorcode = '', false)) OR (NOT (COALESCE(errormessage, '') = '') AND NOT COALESCE(errormessage = '', false)));
