-- rule: AWS.CloudTrail.RootPasswordChanged
-- title: Root Password Changed
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useragent,
    recipientaccountid,
    useridentity.type,
    json_extract_scalar(responseelements, '$.PasswordUpdated') AS "responseElements.PasswordUpdated"
FROM cloudtrail_logs
WHERE
    eventname = 'PasswordUpdated'
    AND useridentity.type = 'Root'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(responseelements, '$.PasswordUpdated') AS JSON ARRAY), ARRAY[json_extract(responseelements, '$.PasswordUpdated')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'Success');
