-- rule: Retrieve.SSO.access.token
-- title: SIGNAL - Retrieve SSO access token
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
    eventsource = 'sso.amazonaws.com'
    AND eventname = 'CreateToken';
