-- rule: AWS.CloudTrail.UserAccessKeyAuth
-- title: AWS.CloudTrail.UserAccessKeyAuth
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
    useridentity.accesskeyid
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND useridentity.accesskeyid LIKE 'AKIA%';
