-- rule: AWS.CloudTrail.SES.CheckSendQuota
-- title: AWS CloudTrail SES Check Send Quota
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useridentity.sessioncontext.sessionissuer.username
FROM cloudtrail_logs
WHERE
    eventname = 'GetSendQuota'
    AND NOT COALESCE(useridentity.sessioncontext.sessionissuer.username = 'AWSServiceRoleForTrustedAdvisor', false);
