-- rule: AWS.RDS.LogFileDownloaded
-- title: AWS RDS Log File Downloaded
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity:principalId",
    json_extract_scalar(raw, '$.requestParameters.dBInstanceIdentifier') AS "requestParameters:dBInstanceIdentifier",
    json_extract_scalar(raw, '$.requestParameters.logFileName') AS "requestParameters:logFileName",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'DownloadDBLogFilePortion'
    AND COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = '';
