-- rule: AWS.EC2.Traffic.Mirroring
-- title: AWS EC2 Traffic Mirroring
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userIdentity.type') AS "userIdentity.type",
    json_extract_scalar(raw, '$.userIdentity.invokedBy') AS "userIdentity.invokedBy",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    NOT (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.userIdentity') AS JSON ARRAY), ARRAY[json_extract(raw, '$.userIdentity')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.invokedBy') AS JSON ARRAY), ARRAY[json_extract(v3, '$.invokedBy')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE CASE WHEN json_format(v6) LIKE '"%' ESCAPE '\' THEN json_extract_scalar(v6, '$') END LIKE '%.amazonaws.com' ESCAPE '\'))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventSource') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventSource')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 'ec2.amazonaws.com')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) WHERE json_extract_scalar(v12, '$') IN ('CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule', 'CreateTrafficMirrorSession', 'CreateTrafficMirrorTarget', 'DeleteTrafficMirrorFilter', 'DeleteTrafficMirrorFilterRule', 'DeleteTrafficMirrorSession', 'DeleteTrafficMirrorTarget', 'ModifyTrafficMirrorFilterNetworkServices', 'ModifyTrafficMirrorFilterRule', 'ModifyTrafficMirrorSession'));
