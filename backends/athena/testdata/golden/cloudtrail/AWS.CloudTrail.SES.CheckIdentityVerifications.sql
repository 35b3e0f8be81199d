-- rule: AWS.CloudTrail.SES.CheckIdentityVerifications
-- title: AWS CloudTrail SES Check Identity Verifications
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
    eventname = 'GetIdentityVerificationAttributes';
