-- rule: AWS.Software.Discovery
-- title: AWS Software Discovery
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') IN ('ListDocuments', 'ListMembers', 'DescribeProducts', 'DescribeStandards', 'DescribeStandardsControls', 'DescribeInstanceInformation', 'DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'DescribeSecurityGroupReferences', 'DescribeSubnets', 'DescribeHub', 'ListFirewalls', 'ListRuleGroups', 'ListFirewallPolicies', 'DescribeFirewall', 'DescribeFirewallPolicy', 'DescribeLoggingConfiguration', 'DescribeResourcePolicy', 'DescribeRuleGroup');

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        json_extract_scalar(raw, '$.eventName') IN ('ListDocuments', 'ListMembers', 'DescribeProducts', 'DescribeStandards', 'DescribeStandardsControls', 'DescribeInstanceInformation', 'DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'DescribeSecurityGroupReferences', 'DescribeSubnets', 'DescribeHub', 'ListFirewalls', 'ListRuleGroups', 'ListFirewallPolicies', 'DescribeFirewall', 'DescribeFirewallPolicy', 'DescribeLoggingConfiguration', 'DescribeResourcePolicy', 'DescribeRuleGroup')
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
