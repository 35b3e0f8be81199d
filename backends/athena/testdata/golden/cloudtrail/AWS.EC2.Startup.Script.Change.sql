-- rule: AWS.EC2.Startup.Script.Change
-- title: AWS EC2 Startup Script Change
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    json_extract_scalar(requestparameters, '$.userData') AS "requestParameters.userData"
FROM cloudtrail_logs
WHERE
    eventname = 'ModifyInstanceAttribute'
    AND NOT (COALESCE(json_extract_scalar(requestparameters, '$.userData'), '') = '');
