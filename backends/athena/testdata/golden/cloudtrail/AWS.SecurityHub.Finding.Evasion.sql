-- rule: AWS.SecurityHub.Finding.Evasion
-- title: AWS SecurityHub Finding Evasion
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
    eventsource = 'securityhub.amazonaws.com'
    AND eventname IN ('BatchUpdateFindings', 'DeleteInsight', 'UpdateFindings', 'UpdateInsight');
