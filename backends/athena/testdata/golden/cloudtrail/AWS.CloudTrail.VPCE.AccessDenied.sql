-- rule: AWS.CloudTrail.VPCE.AccessDenied
-- title: VPC Endpoint Access Denied
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
    useridentity.principalid,
    eventtype,
    eventcategory
FROM cloudtrail_logs
WHERE
    eventtype = 'AwsVpceEvent'
    AND eventcategory = 'NetworkActivity'
    AND errorcode = 'VpceAccessDenied';
