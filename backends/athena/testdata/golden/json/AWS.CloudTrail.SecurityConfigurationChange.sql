-- rule: AWS.CloudTrail.SecurityConfigurationChange
-- title: Account Security Configuration Changed
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.requestParameters.enable') AS "requestParameters.enable",
    raw
FROM aws_cloud_trail
WHERE
    COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '' AND COALESCE(json_extract_scalar(raw, '$.errorMessage'), '') = ''
    AND ((json_extract_scalar(raw, '$.eventName') = 'UpdateDetector' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.enable') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.enable')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'false')) OR json_extract_scalar(raw, '$.eventName') IN ('DeleteAccountPublicAccessBlock', 'DeleteDeliveryChannel', 'DeleteDetector', 'DeleteFlowLogs', 'DeleteRule', 'DeleteTrail', 'DisableEbsEncryptionByDefault', 'DisableRule', 'StopConfigurationRecorder', 'StopLogging'));
