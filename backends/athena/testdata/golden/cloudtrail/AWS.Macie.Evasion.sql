-- rule: AWS.Macie.Evasion
-- title: AWS Macie Disabled/Updated
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useridentity.type AS "userIdentity:type"
FROM cloudtrail_logs
WHERE
    eventname IN ('ArchiveFindings', 'CreateFindingsFilter', 'DeleteMember', 'DisassociateFromMasterAccount', 'DisassociateMember', 'DisableMacie', 'DisableOrganizationAdminAccount', 'UpdateFindingsFilter', 'UpdateMacieSession', 'UpdateMemberSession', 'UpdateClassificationJob')
    AND eventsource LIKE 'macie%.amazonaws.com';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT from_iso8601_timestamp(eventtime) AS event_time
    FROM cloudtrail_logs
    WHERE
        eventname IN ('ArchiveFindings', 'CreateFindingsFilter', 'DeleteMember', 'DisassociateFromMasterAccount', 'DisassociateMember', 'DisableMacie', 'DisableOrganizationAdminAccount', 'UpdateFindingsFilter', 'UpdateMacieSession', 'UpdateMemberSession', 'UpdateClassificationJob')
        AND eventsource LIKE 'macie%.amazonaws.com'
)
SELECT
    from_unixtime(floor(to_unixtime(event_time) / 3600) * 3600) AS window_start,
    count(*) AS events,
    min(event_time) AS first_event,
    max(event_time) AS last_event
FROM matches
WHERE event_time IS NOT NULL
GROUP BY from_unixtime(floor(to_unixtime(event_time) / 3600) * 3600)
HAVING count(*) >= 5
ORDER BY window_start;
