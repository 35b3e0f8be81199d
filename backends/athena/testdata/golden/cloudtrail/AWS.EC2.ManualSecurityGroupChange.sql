-- rule: AWS.EC2.ManualSecurityGroupChange
-- title: AWS EC2 Manual Security Group Change
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
    recipientaccountid,
    useragent
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventname IN ('CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress')
    AND recipientaccountid IN ('11111111111111', '112233445566')
    AND NOT COALESCE(regexp_like(useragent, '\A(?s:.)* HashiCorp\/(?s:.)\.0 Terraform\/(?s:.)*\z') AND (useridentity.arn LIKE '%Operator%' OR useridentity.arn LIKE '%ContinousDeployment%'), false);
