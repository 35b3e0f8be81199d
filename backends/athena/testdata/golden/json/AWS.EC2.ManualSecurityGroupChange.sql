-- rule: AWS.EC2.ManualSecurityGroupChange
-- title: AWS EC2 Manual Security Group Change
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.userIdentity.arn') AS "userIdentity.arn",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') IN ('CreateSecurityGroup', 'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress'))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.recipientAccountId') AS JSON ARRAY), ARRAY[json_extract(raw, '$.recipientAccountId')])) AS j4(v4) WHERE (json_format(v4) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v4, '$') IN ('11111111111111', '112233445566')) OR (NOT COALESCE(json_format(v4) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v4, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v4, '$') AS DOUBLE) IN (1.1111111111111E+13, 1.12233445566E+11)))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userAgent') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userAgent')])) AS j5(v5) WHERE regexp_like(CASE WHEN json_format(v5) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v5, '$') END, '\A(?s:.)* HashiCorp\/(?s:.)\.0 Terraform\/(?s:.)*\z')) AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.arn') AS JSON ARRAY), ARRAY[json_extract(v6, '$.arn')])) AS j7(v7) WHERE CASE WHEN json_format(v7) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v7, '$') END LIKE '%Operator%' ESCAPE '\') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.arn') AS JSON ARRAY), ARRAY[json_extract(v8, '$.arn')])) AS j9(v9) WHERE CASE WHEN json_format(v9) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v9, '$') END LIKE '%ContinousDeployment%' ESCAPE '\')));
