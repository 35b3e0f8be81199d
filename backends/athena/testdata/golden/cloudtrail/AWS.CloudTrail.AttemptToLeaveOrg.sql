-- rule: AWS.CloudTrail.AttemptToLeaveOrg
-- title: AWS CloudTrail Attempt To Leave Org
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
    eventname = 'LeaveOrganization';
