-- rule: AWS.EC2.Startup.Script.Change
-- title: AWS EC2 Startup Script Change
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    json_extract_scalar(requestparameters, '$.userData') AS "requestParameters.userData"
FROM cloudtrail_logs
WHERE
    eventname = 'ModifyInstanceAttribute'
    AND NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.userData') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.userData')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null')));
