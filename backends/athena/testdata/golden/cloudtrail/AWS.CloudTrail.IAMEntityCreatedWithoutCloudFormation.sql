-- rule: AWS.CloudTrail.IAMEntityCreatedWithoutCloudFormation
-- title: IAM Entity Created Without CloudFormation
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
    useridentity.invokedby,
    useridentity.sessioncontext.sessionissuer.arn
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventname IN ('BatchCreateUser', 'CreateGroup', 'CreateInstanceProfile', 'CreatePolicy', 'CreatePolicyVersion', 'CreateRole', 'CreateServiceLinkedRole', 'CreateUser')
    AND (NOT COALESCE(useridentity.invokedby = 'cloudformation.amazonaws.com', false) OR (NOT COALESCE(regexp_like(useridentity.sessioncontext.sessionissuer.arn, 'arn\:aws\:iam\:\:[0-9]+\:role\/IdentityCFNServiceRole'), false) AND NOT COALESCE(useridentity.sessioncontext.sessionissuer.arn = 'arn:aws:iam::123456789012:role/IdentityCFNServiceRole', false)));
