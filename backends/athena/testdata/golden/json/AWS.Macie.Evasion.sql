-- rule: AWS.Macie.Evasion
-- title: AWS Macie Disabled/Updated
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity:type",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity:arn",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventName') IN ('ArchiveFindings', 'CreateFindingsFilter', 'DeleteMember', 'DisassociateFromMasterAccount', 'DisassociateMember', 'DisableMacie', 'DisableOrganizationAdminAccount', 'UpdateFindingsFilter', 'UpdateMacieSession', 'UpdateMemberSession', 'UpdateClassificationJob')
    AND json_extract_scalar(raw, '$.eventSource') LIKE 'macie%.amazonaws.com';

-- alerts: windows with at least the rule's Threshold of matching events
WITH matches AS (
    SELECT TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS event_time
    FROM aws_cloud_trail
    WHERE
        json_extract_scalar(raw, '$.eventName') IN ('ArchiveFindings', 'CreateFindingsFilter', 'DeleteMember', 'DisassociateFromMasterAccount', 'DisassociateMember', 'DisableMacie', 'DisableOrganizationAdminAccount', 'UpdateFindingsFilter', 'UpdateMacieSession', 'UpdateMemberSession', 'UpdateClassificationJob')
        AND json_extract_scalar(raw, '$.eventSource') LIKE 'macie%.amazonaws.com'
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
