-- rule: AWS.Console.GetSigninToken.Abuse
-- title: AWS Console GetSigninToken Potential Abuse
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useragent,
    recipientaccountid
FROM cloudtrail_logs
WHERE
    eventsource = 'signin.amazonaws.com'
    AND eventname = 'GetSigninToken'
    AND NOT COALESCE(useragent LIKE '%Jersey/${project.version}%', false);
