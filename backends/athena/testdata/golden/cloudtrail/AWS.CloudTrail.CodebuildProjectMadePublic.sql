-- rule: AWS.CloudTrail.CodebuildProjectMadePublic
-- title: CodeBuild Project made Public
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
    json_extract_scalar(requestparameters, '$.projectVisibility') AS "requestParameters.projectVisibility"
FROM cloudtrail_logs
WHERE
    eventname = 'UpdateProjectVisibility'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.projectVisibility') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.projectVisibility')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'PUBLIC_READ');
