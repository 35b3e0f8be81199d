-- rule: AWS.Potential.Backdoor.Lambda
-- title: AWS Potential Backdoor Lambda Function Through Resource-Based Policy
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    errormessage
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 'lambda.amazonaws.com'
    AND eventname IN ('AddPermission20150331', 'AddPermission20150331v2');
