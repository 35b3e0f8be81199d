-- rule: AWS.CloudTrail.Account.Discovery
-- title: AWS CloudTrail Account Discovery
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
    eventname IN ('GetAlternateContact', 'GetContactInformation', 'PutAlternateContact', 'PutContactInformation', 'DescribeAccount');
