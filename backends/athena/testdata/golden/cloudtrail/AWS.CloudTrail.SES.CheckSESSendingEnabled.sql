-- rule: AWS.CloudTrail.SES.CheckSESSendingEnabled
-- title: AWS CloudTrail SES Check SES Sending Enabled
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
    eventname = 'GetAccountSendingEnabled';
