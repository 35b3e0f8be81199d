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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventType') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'AwsVpceEvent')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventCategory') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventCategory')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'NetworkActivity')
    AND ((EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'ec2.amazonaws.com') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') IN ('DescribeInstances', 'DescribeNetworkInterfaces', 'CreateKeyPair', 'ImportKeyPair', 'RunInstances'))) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'kms.amazonaws.com') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') IN ('Decrypt', 'GenerateDataKey', 'CreateKey', 'ScheduleKeyDeletion'))) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j7(v7) WHERE json_extract_scalar(v7, '$') = 'secretsmanager.amazonaws.com') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j8(v8) WHERE json_extract_scalar(v8, '$') IN ('GetSecretValue', 'CreateSecret', 'PutSecretValue', 'DeleteSecret'))) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 's3.amazonaws.com') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j10(v10) WHERE json_extract_scalar(v10, '$') IN ('ListAllMyBuckets', 'DeleteBucketPolicy', 'PutBucketPolicy'))) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j11(v11) WHERE json_extract_scalar(v11, '$') = 'cloudtrail.amazonaws.com') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j12(v12) WHERE json_extract_scalar(v12, '$') IN ('StopLogging', 'DeleteTrail', 'UpdateTrail'))));
