-- rule: AWS.WAF.Disassociation
-- title: AWS WAF Disassociation
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
    eventname = 'DisassociateWebACL';
