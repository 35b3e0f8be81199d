-- rule: AWS.Lambda.UpdateFunctionCode
-- title: Lambda Code Updated by User
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    errormessage,
    useridentity.type,
    useridentity.sessioncontext.sessionissuer.username
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 'lambda.amazonaws.com'
    AND eventname LIKE 'UpdateFunctionCode%'
    AND (useridentity.type IN ('IAMUser', 'FederatedUser') OR (useridentity.type = 'AssumedRole' AND useridentity.sessioncontext.sessionissuer.username LIKE 'AWSReservedSSO\_%' ESCAPE '\'));
