-- rule: AWS.CloudTrail.IAMEntityCreatedWithoutCloudFormation
-- title: IAM Entity Created Without CloudFormation
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.invokedBy') AS "userIdentity.invokedBy",
    json_extract_scalar(raw, '$.userIdentity.sessionContext.sessionIssuer.arn') AS "userIdentity.sessionContext.sessionIssuer.arn",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('BatchCreateUser', 'CreateGroup', 'CreateInstanceProfile', 'CreatePolicy', 'CreatePolicyVersion', 'CreateRole', 'CreateServiceLinkedRole', 'CreateUser'))
    AND (NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.invokedBy') AS JSON ARRAY), ARRAY[json_extract(v4, '$.invokedBy')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'cloudformation.amazonaws.com')) OR (NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.sessionContext') AS JSON ARRAY), ARRAY[json_extract(v6, '$.sessionContext')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.sessionIssuer') AS JSON ARRAY), ARRAY[json_extract(v7, '$.sessionIssuer')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.arn') AS JSON ARRAY), ARRAY[json_extract(v8, '$.arn')])) AS j9(v9) WHERE regexp_like(CASE WHEN json_format(v9) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v9, '$') END, 'arn\:aws\:iam\:\:[0-9]+\:role\/IdentityCFNServiceRole'))) AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v10, '$.sessionContext') AS JSON ARRAY), ARRAY[json_extract(v10, '$.sessionContext')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.sessionIssuer') AS JSON ARRAY), ARRAY[json_extract(v11, '$.sessionIssuer')])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.arn') AS JSON ARRAY), ARRAY[json_extract(v12, '$.arn')])) AS j13(v13) WHERE json_extract_scalar(v13, '$') = 'arn:aws:iam::123456789012:role/IdentityCFNServiceRole'))));
