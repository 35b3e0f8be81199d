-- rule: AWS.CloudTrail.EnableRegion
-- title: AWS Cloudtrail Region Enabled
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode
FROM cloudtrail_logs
WHERE
    eventname = 'EnableRegion';
