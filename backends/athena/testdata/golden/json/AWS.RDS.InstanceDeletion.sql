-- rule: AWS.RDS.InstanceDeletion
-- title: AWS RDS Instance or Cluster Deleted
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity:principalId",
    json_extract_scalar(raw, '$.requestParameters.dBInstanceIdentifier') AS "requestParameters:dBInstanceIdentifier",
    json_extract_scalar(raw, '$.requestParameters.dBClusterIdentifier') AS "requestParameters:dBClusterIdentifier",
    json_extract_scalar(raw, '$.requestParameters.skipFinalSnapshot') AS "requestParameters:skipFinalSnapshot",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_cloud_trail
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'rds.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') IN ('DeleteDBInstance', 'DeleteDBCluster'))
    AND NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j3(v3) WHERE json_format(v3) NOT IN ('""', '[]', '{}', 'null'));
