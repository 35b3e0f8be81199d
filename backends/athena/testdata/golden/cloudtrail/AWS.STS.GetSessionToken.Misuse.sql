-- rule: AWS.STS.GetSessionToken.Misuse
-- title: AWS STS GetSessionToken by IAM User
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
    recipientaccountid,
    errormessage,
    useridentity.type
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 'sts.amazonaws.com'
    AND eventname = 'GetSessionToken'
    AND useridentity.type = 'IAMUser';
