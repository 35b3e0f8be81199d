-- rule: AWS.EC2.StopInstances
-- title: CloudTrail EC2 StopInstances
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
    AND eventname = 'StopInstances';
