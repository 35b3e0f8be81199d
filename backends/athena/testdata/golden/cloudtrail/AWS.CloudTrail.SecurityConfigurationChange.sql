-- rule: AWS.CloudTrail.SecurityConfigurationChange
-- title: Account Security Configuration Changed
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
    json_extract_scalar(requestparameters, '$.enable') AS "requestParameters.enable"
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND ((eventname = 'UpdateDetector' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.enable') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.enable')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'false')) OR eventname IN ('DeleteAccountPublicAccessBlock', 'DeleteDeliveryChannel', 'DeleteDetector', 'DeleteFlowLogs', 'DeleteRule', 'DeleteTrail', 'DisableEbsEncryptionByDefault', 'DisableRule', 'StopConfigurationRecorder', 'StopLogging'));
