-- rule: AWS.Lambda.UpdateFunctionConfiguration
-- title: Lambda Configuration Updated with Layers by User
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
    json_extract_scalar(responseelements, '$.layers') AS "responseElements.layers",
    useridentity.type,
    useridentity.sessioncontext.sessionissuer.username
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventsource = 'lambda.amazonaws.com'
    AND eventname = 'UpdateFunctionConfiguration20150331v2'
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(TRY_CAST(json_extract(responseelements, '$.layers') AS JSON ARRAY)) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null')))
    AND (useridentity.type IN ('IAMUser', 'FederatedUser') OR (useridentity.type = 'AssumedRole' AND useridentity.sessioncontext.sessionissuer.username LIKE 'AWSReservedSSO\_%' ESCAPE '\'));
