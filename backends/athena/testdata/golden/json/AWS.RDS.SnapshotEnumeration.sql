-- rule: AWS.RDS.SnapshotEnumeration
-- title: AWS RDS Snapshot Enumeration with Public or Shared Flag
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity:principalId",
    json_extract_scalar(raw, '$.requestParameters.includePublic') AS "requestParameters:includePublic",
    json_extract_scalar(raw, '$.requestParameters.includeShared') AS "requestParameters:includeShared",
    json_extract_scalar(raw, '$.sourceIPAddress') AS "sourceIPAddress",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') IN ('DescribeDBSnapshots', 'DescribeDBClusterSnapshots')
    AND COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = ''
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.includePublic') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.includePublic')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'true') OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.includeShared') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.includeShared')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'true'));
