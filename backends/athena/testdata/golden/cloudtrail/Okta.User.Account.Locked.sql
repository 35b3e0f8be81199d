-- rule: Okta.User.Account.Locked
-- title: Okta User Account Locked
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
    eventtype IN ('user.account.lock', 'user.account.lock.limit');
