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
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.pendingModifiedValues') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.pendingModifiedValues')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.masterUserPassword') AS JSON ARRAY), ARRAY[json_extract(v1, '$.masterUserPassword')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.pendingModifiedValues') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.pendingModifiedValues')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.masterUserPassword') AS JSON ARRAY), ARRAY[json_extract(v3, '$.masterUserPassword')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = ''));
