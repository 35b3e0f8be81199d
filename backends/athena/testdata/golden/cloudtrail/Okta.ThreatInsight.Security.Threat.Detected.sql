-- rule: Okta.ThreatInsight.Security.Threat.Detected
-- title: Okta ThreatInsight Security Threat Detected
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    eventtype
FROM cloudtrail_logs
WHERE
    eventtype = 'security.threat.detected';
