-- rule: AWS.Software.Discovery
-- title: AWS Software Discovery
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
    eventname IN ('ListDocuments', 'ListMembers', 'DescribeProducts', 'DescribeStandards', 'DescribeStandardsControls', 'DescribeInstanceInformation', 'DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'DescribeSecurityGroupReferences', 'DescribeSubnets', 'DescribeHub', 'ListFirewalls', 'ListRuleGroups', 'ListFirewallPolicies', 'DescribeFirewall', 'DescribeFirewallPolicy', 'DescribeLoggingConfiguration', 'DescribeResourcePolicy', 'DescribeRuleGroup');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        eventname IN ('ListDocuments', 'ListMembers', 'DescribeProducts', 'DescribeStandards', 'DescribeStandardsControls', 'DescribeInstanceInformation', 'DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'DescribeSecurityGroupReferences', 'DescribeSubnets', 'DescribeHub', 'ListFirewalls', 'ListRuleGroups', 'ListFirewallPolicies', 'DescribeFirewall', 'DescribeFirewallPolicy', 'DescribeLoggingConfiguration', 'DescribeResourcePolicy', 'DescribeRuleGroup')
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 21600) * 21600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 21600) * 21600)
HAVING count(*) >= 50
ORDER BY window_start;
