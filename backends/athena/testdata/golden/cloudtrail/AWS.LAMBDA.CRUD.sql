-- rule: AWS.LAMBDA.CRUD
-- title: Lambda CRUD Actions
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    recipientaccountid
FROM cloudtrail_logs
WHERE
    eventsource = 'lambda.amazonaws.com'
    AND eventname IN ('AddPermission', 'CreateAlias', 'CreateEventSourceMapping', 'CreateFunction', 'DeleteAlias', 'DeleteEventSourceMapping', 'DeleteFunction', 'PublishVersion', 'RemovePermission', 'UpdateAlias', 'UpdateEventSourceMapping', 'UpdateFunctionCode', 'UpdateFunctionConfiguration')
    AND NOT COALESCE(useridentity.arn LIKE '%DeployRole', false);
