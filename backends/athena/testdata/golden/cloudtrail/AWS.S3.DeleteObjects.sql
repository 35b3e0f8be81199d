-- rule: AWS.S3.DeleteObjects
-- title: AWS S3 Delete Objects Detection
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    errormessage
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 's3.amazonaws.com'
    AND eventname IN ('DeleteObjects', 'DeleteObjectVersion');
