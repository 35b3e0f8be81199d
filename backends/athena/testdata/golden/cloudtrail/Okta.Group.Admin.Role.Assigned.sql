-- rule: Okta.Group.Admin.Role.Assigned
-- title: Okta Group Admin Role Assigned
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
    eventtype = 'group.privilege.grant';
