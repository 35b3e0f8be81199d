-- rule: AWS.CloudTrail.SnapshotMadePublic
-- title: AWS Snapshot Made Public
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.errorCode') AS "errorCode",
    json_extract_scalar(raw, '$.errorMessage') AS "errorMessage",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    json_extract_scalar(raw, '$.requestParameters.attributeType') AS "requestParameters.attributeType",
    json_extract_scalar(raw, '$.requestParameters.createVolumePermission.add.items.userId') AS "requestParameters.createVolumePermission.add.items.userId",
    json_extract_scalar(raw, '$.requestParameters.createVolumePermission.add.items.group') AS "requestParameters.createVolumePermission.add.items.group",
    raw
FROM aws_cloud_trail
WHERE
    NOT (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorCode') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorCode')])) AS j1(v1) WHERE json_format(v1) NOT IN ('""', '[]', '{}', 'null'))) OR NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.errorMessage') AS JSON ARRAY), ARRAY[json_extract(raw, '$.errorMessage')])) AS j2(v2) WHERE json_format(v2) NOT IN ('""', '[]', '{}', 'null'))))
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.eventName') AS JSON ARRAY), ARRAY[json_extract(raw, '$.eventName')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'ModifySnapshotAttribute')
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.attributeType') AS JSON ARRAY), ARRAY[json_extract(v4, '$.attributeType')])) AS j5(v5) WHERE json_extract_scalar(v5, '$') = 'CREATE_VOLUME_PERMISSION')
    AND (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.createVolumePermission') AS JSON ARRAY), ARRAY[json_extract(v6, '$.createVolumePermission')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.add') AS JSON ARRAY), ARRAY[json_extract(v7, '$.add')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.items') AS JSON ARRAY), ARRAY[json_extract(v8, '$.items')])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.userId') AS JSON ARRAY), ARRAY[json_extract(v9, '$.userId')])) AS j10(v10) WHERE json_format(v10) NOT IN ('""', '[]', '{}', 'null'))) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.requestParameters') AS JSON ARRAY), ARRAY[json_extract(raw, '$.requestParameters')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.createVolumePermission') AS JSON ARRAY), ARRAY[json_extract(v11, '$.createVolumePermission')])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.add') AS JSON ARRAY), ARRAY[json_extract(v12, '$.add')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v13, '$.items') AS JSON ARRAY), ARRAY[json_extract(v13, '$.items')])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v14, '$.group') AS JSON ARRAY), ARRAY[json_extract(v14, '$.group')])) AS j15(v15) WHERE json_extract_scalar(v15, '$') = 'all'));
