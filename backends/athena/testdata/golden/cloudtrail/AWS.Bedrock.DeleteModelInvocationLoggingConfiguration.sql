-- rule: AWS.Bedrock.DeleteModelInvocationLoggingConfiguration
-- title: AWS Bedrock Model Invocation Logging Configuration Deleted
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
    errormessage
FROM cloudtrail_logs
WHERE
    eventsource = 'bedrock.amazonaws.com'
    AND eventname = 'DeleteModelInvocationLoggingConfiguration'
    AND COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = '';
