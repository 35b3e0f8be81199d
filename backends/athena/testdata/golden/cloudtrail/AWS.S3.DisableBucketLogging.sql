-- rule: AWS.S3.DisableBucketLogging
-- title: S3 Bucket Logging Disabled
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
    useragent,
    json_extract_scalar(requestparameters, '$.bucketName') AS "requestParameters.bucketName"
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 's3.amazonaws.com'
    AND eventname = 'PutBucketLogging'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.logging') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.logging')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = '');
