-- rule: AWS.Suspicious.SAML.Activity
-- title: AWS SAML Activity
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity.arn",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.arn') AS JSON ARRAY), ARRAY[json_extract(v1, '$.arn')])) AS j2(v2) WHERE CASE WHEN json_format(v2) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v2, '$') END LIKE '%:assumed-role/AWSServiceRoleForSSO/AWS-SSO' ESCAPE '\'))
    AND (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null')) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = ''))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'iam.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') IN ('UpdateSAMLProvider', 'CreateSAMLProvider', 'DeleteSAMLProvider'));
