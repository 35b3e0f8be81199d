-- rule: AWS.CloudTrail.VPCE.SensitiveAPICalls
-- title: Sensitive API Calls Via VPC Endpoint
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useridentity.principalid,
    useridentity.accountid,
    eventtype,
    eventcategory
FROM cloudtrail_logs
WHERE
    eventtype = 'AwsVpceEvent'
    AND eventcategory = 'NetworkActivity'
    AND ((eventsource = 'ec2.amazonaws.com' AND eventname IN ('DescribeInstances', 'DescribeNetworkInterfaces', 'CreateKeyPair', 'ImportKeyPair', 'RunInstances')) OR (eventsource = 'kms.amazonaws.com' AND eventname IN ('Decrypt', 'GenerateDataKey', 'CreateKey', 'ScheduleKeyDeletion')) OR (eventsource = 'secretsmanager.amazonaws.com' AND eventname IN ('GetSecretValue', 'CreateSecret', 'PutSecretValue', 'DeleteSecret')) OR (eventsource = 's3.amazonaws.com' AND eventname IN ('ListAllMyBuckets', 'DeleteBucketPolicy', 'PutBucketPolicy')) OR (eventsource = 'cloudtrail.amazonaws.com' AND eventname IN ('StopLogging', 'DeleteTrail', 'UpdateTrail')));
