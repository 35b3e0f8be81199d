-- rule: AWS.RDS.InstanceMadePublic
-- title: AWS RDS Instance Modified to be Publicly Accessible
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.userIdentity.principalId') AS "userIdentity:principalId",
    json_extract_scalar(raw, '$.requestParameters.dBInstanceIdentifier') AS "requestParameters:dBInstanceIdentifier",
    json_extract_scalar(raw, '$.requestParameters.dBClusterIdentifier') AS "requestParameters:dBClusterIdentifier",
    json_extract_scalar(raw, '$.requestParameters.publiclyAccessible') AS "requestParameters:publiclyAccessible",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'rds.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') IN ('ModifyDBInstance', 'ModifyDBCluster')
    AND COALESCE(json_extract_scalar(raw, '$.errorCode'), '') = ''
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters.publiclyAccessible') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters.publiclyAccessible')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'true');
