-- rule: AWS.CloudTrail.VPCE.SensitiveAPICalls
-- title: Sensitive API Calls Via VPC Endpoint
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity.principalId",
    json_extract_scalar(raw, '$.userIdentity.accountId') AS "userIdentity.accountId",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.eventType') AS "eventType",
    json_extract_scalar(raw, '$.eventCategory') AS "eventCategory",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventType') = 'AwsVpceEvent'
    AND json_extract_scalar(raw, '$.eventCategory') = 'NetworkActivity'
    AND ((json_extract_scalar(raw, '$.eventSource') = 'ec2.amazonaws.com' AND json_extract_scalar(raw, '$.eventName') IN ('DescribeInstances', 'DescribeNetworkInterfaces', 'CreateKeyPair', 'ImportKeyPair', 'RunInstances')) OR (json_extract_scalar(raw, '$.eventSource') = 'kms.amazonaws.com' AND json_extract_scalar(raw, '$.eventName') IN ('Decrypt', 'GenerateDataKey', 'CreateKey', 'ScheduleKeyDeletion')) OR (json_extract_scalar(raw, '$.eventSource') = 'secretsmanager.amazonaws.com' AND json_extract_scalar(raw, '$.eventName') IN ('GetSecretValue', 'CreateSecret', 'PutSecretValue', 'DeleteSecret')) OR (json_extract_scalar(raw, '$.eventSource') = 's3.amazonaws.com' AND json_extract_scalar(raw, '$.eventName') IN ('ListAllMyBuckets', 'DeleteBucketPolicy', 'PutBucketPolicy')) OR (json_extract_scalar(raw, '$.eventSource') = 'cloudtrail.amazonaws.com' AND json_extract_scalar(raw, '$.eventName') IN ('StopLogging', 'DeleteTrail', 'UpdateTrail')));
