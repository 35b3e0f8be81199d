-- rule: AWS.ECR.EVENTS
-- title: AWS ECR Events
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    recipientaccountid,
    useridentity.accountid
FROM cloudtrail_logs
WHERE
    eventsource = 'ecr.amazonaws.com'
    AND NOT COALESCE(useridentity.accountid = '123456789012' AND awsregion IN ('us-west-1', 'us-west-2'), false)
    AND NOT COALESCE(useridentity.accountid = '103456789012' AND awsregion IN ('us-east-1', 'us-east-2'), false);
