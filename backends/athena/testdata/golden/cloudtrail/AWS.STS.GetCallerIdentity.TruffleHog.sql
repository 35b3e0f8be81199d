-- rule: AWS.STS.GetCallerIdentity.TruffleHog
-- title: AWS STS GetCallerIdentity via TruffleHog
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
    eventsource = 'sts.amazonaws.com'
    AND eventname = 'GetCallerIdentity'
    AND regexp_like(useragent, '[Tt][Rr][Uu][Ff][Ff][Ll][Ee][Hh][Oo][Gg]');
