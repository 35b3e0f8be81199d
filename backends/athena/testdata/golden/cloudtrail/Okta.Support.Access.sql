-- rule: Okta.Support.Access
-- title: Okta Support Access Granted
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
    eventtype IN ('user.session.impersonation.grant', 'user.session.impersonation.initiate');
