-- rule: Role.Assumed.by.AWS.Service
-- title: SIGNAL - Role Assumed by AWS Service
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    json_extract_scalar(requestparameters, '$.roleArn') AS "requestParameters.roleArn",
    useridentity.type
FROM cloudtrail_logs
WHERE
    eventname = 'AssumeRole'
    AND NOT (COALESCE(json_extract_scalar(requestparameters, '$.roleArn'), '') = '')
    AND useridentity.type = 'AWSService';
