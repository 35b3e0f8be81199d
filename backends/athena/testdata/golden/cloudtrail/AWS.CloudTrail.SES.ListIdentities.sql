-- rule: AWS.CloudTrail.SES.ListIdentities
-- title: AWS CloudTrail SES List Identities
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
    eventname = 'ListIdentities';
