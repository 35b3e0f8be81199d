-- rule: Okta.User.MFA.Reset.All
-- title: Okta User MFA Reset All
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
    eventtype = 'user.mfa.factor.reset_all';
