-- rule: AWS.EC2.EBS.Encryption.Disabled
-- title: AWS EC2 EBS Encryption Disabled
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
    eventsource = 'ec2.amazonaws.com'
    AND eventname = 'DisableEbsEncryptionByDefault';
