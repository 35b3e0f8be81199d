-- rule: AWS.IAM.AccessKeyCompromised
-- title: AWS IAM Access Key Compromise Detection
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    json_extract_scalar(requestparameters, '$.policyName') AS "requestParameters.policyName"
FROM cloudtrail_logs
WHERE
    eventname = 'PutUserPolicy'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.policyName') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.policyName')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('AWSExposedCredentialPolicy_DO_NOT_REMOVE', 'AWSCompromisedKeyQuarantine', 'AWSCompromisedKeyQuarantineV2', 'AWSCompromisedKeyQuarantineV3'));
