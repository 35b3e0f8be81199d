-- rule: AWS.S3.DeleteBucketEncryption
-- title: S3 Bucket Encryption Deleted
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
    errormessage
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 's3.amazonaws.com'
    AND eventname = 'DeleteBucketEncryption';
