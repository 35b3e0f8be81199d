-- rule: Sign-in.with.AWS.CLI.prompt
-- title: SIGNAL - Sign-in with AWS CLI prompt
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
    AND eventname = 'ListApplications';
