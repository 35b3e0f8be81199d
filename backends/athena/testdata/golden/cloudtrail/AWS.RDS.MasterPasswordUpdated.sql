-- rule: AWS.RDS.MasterPasswordUpdated
-- title: AWS RDS Master Password Updated
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    json_extract_scalar(responseelements, '$.dBInstanceIdentifier') AS "responseElements:dBInstanceIdentifier",
    json_extract_scalar(responseelements, '$.pendingModifiedValues.masterUserPassword') AS "responseElements.pendingModifiedValues.masterUserPassword"
FROM cloudtrail_logs
WHERE
    eventname = 'ModifyDBInstance'
    AND eventsource = 'rds.amazonaws.com'
    AND NOT (COALESCE(json_extract_scalar(responseelements, '$.pendingModifiedValues.masterUserPassword'), '') = '')
    AND NOT COALESCE(json_extract_scalar(responseelements, '$.pendingModifiedValues.masterUserPassword') = '', false);
