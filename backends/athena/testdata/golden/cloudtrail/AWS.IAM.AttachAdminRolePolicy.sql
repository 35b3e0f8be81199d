-- rule: AWS.IAM.AttachAdminRolePolicy
-- title: IAM Administrator Role Policy Attached
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    errormessage,
    json_extract_scalar(requestparameters, '$.policyArn') AS "requestParameters.policyArn"
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventname = 'AttachRolePolicy'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.policyArn') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.policyArn')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE CASE WHEN json_format(v3) LIKE '"%' THEN json_extract_scalar(v3, '$') END LIKE '%AdministratorAccess');
