-- rule: Okta.Global.MFA.Disabled
-- title: Okta MFA Globally Disabled
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    eventtype
FROM cloudtrail_logs
WHERE
    eventtype = 'system.mfa.factor.deactivate';
