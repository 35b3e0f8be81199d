-- rule: AWS.Suspicious.SAML.Activity
-- title: AWS SAML Activity
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode
FROM cloudtrail_logs
WHERE
    NOT COALESCE(useridentity.arn LIKE '%:assumed-role/AWSServiceRoleForSSO/AWS-SSO', false)
    AND (COALESCE(errorcode, '') = '' OR errorcode = '')
    AND eventsource = 'iam.amazonaws.com'
    AND eventname IN ('UpdateSAMLProvider', 'CreateSAMLProvider', 'DeleteSAMLProvider');
