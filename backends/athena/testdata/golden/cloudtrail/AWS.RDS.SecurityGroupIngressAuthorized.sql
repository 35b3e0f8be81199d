-- rule: AWS.RDS.SecurityGroupIngressAuthorized
-- title: AWS RDS Security Group Ingress Authorized
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useridentity.principalid AS "userIdentity:principalId",
    json_extract_scalar(requestparameters, '$.dBSecurityGroupName') AS "requestParameters:dBSecurityGroupName",
    json_extract_scalar(requestparameters, '$.cIDRIP') AS "requestParameters:cIDRIP"
FROM cloudtrail_logs
WHERE
    eventsource = 'rds.amazonaws.com'
    AND eventname = 'AuthorizeDBSecurityGroupIngress'
    AND COALESCE(errorcode, '') = '';
