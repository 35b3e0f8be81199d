-- rule: AWS.ECR.EVENTS
-- title: AWS ECR Events
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.awsRegion') AS "awsRegion",
    json_extract_scalar(raw, '$.userIdentity.accountId') AS "userIdentity.accountId",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'ecr.amazonaws.com')
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.accountId') AS JSON ARRAY), ARRAY[json_extract(v2, '$.accountId')])) AS j3(v3) WHERE (json_format(v3) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v3, '$') = '123456789012') OR (NOT COALESCE(json_format(v3) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v3, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v3, '$') AS DOUBLE) = 1.23456789012E+11)) AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.awsRegion') AS JSON ARRAY), ARRAY[json_extract(raw, '$.awsRegion')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') IN ('us-west-1', 'us-west-2')))
    AND NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.accountId') AS JSON ARRAY), ARRAY[json_extract(v5, '$.accountId')])) AS j6(v6) WHERE (json_format(v6) LIKE '"%' ESCAPE '\' AND json_extract_scalar(v6, '$') = '103456789012') OR (NOT COALESCE(json_format(v6) LIKE '"%' ESCAPE '\', false) AND regexp_like(json_extract_scalar(v6, '$'), '\A[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\z') AND TRY_CAST(json_extract_scalar(v6, '$') AS DOUBLE) = 1.03456789012E+11)) AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.awsRegion') AS JSON ARRAY), ARRAY[json_extract(raw, '$.awsRegion')])) AS j7(v7) WHERE json_extract_scalar(v7, '$') IN ('us-east-1', 'us-east-2')));
