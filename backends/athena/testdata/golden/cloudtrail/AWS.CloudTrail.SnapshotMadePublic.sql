-- rule: AWS.CloudTrail.SnapshotMadePublic
-- title: AWS Snapshot Made Public
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useragent,
    recipientaccountid,
    errormessage,
    json_extract_scalar(requestparameters, '$.attributeType') AS "requestParameters.attributeType",
    json_extract_scalar(requestparameters, '$.createVolumePermission.add.items.userId') AS "requestParameters.createVolumePermission.add.items.userId",
    json_extract_scalar(requestparameters, '$.createVolumePermission.add.items.group') AS "requestParameters.createVolumePermission.add.items.group"
FROM cloudtrail_logs
WHERE
    NOT (NOT (COALESCE(errorcode, '') = '') OR NOT (COALESCE(errormessage, '') = ''))
    AND eventname = 'ModifySnapshotAttribute'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.attributeType') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.attributeType')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'CREATE_VOLUME_PERMISSION')
    AND (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.createVolumePermission') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.createVolumePermission')])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v2, '$.add') AS JSON ARRAY), ARRAY[json_extract(v2, '$.add')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.items') AS JSON ARRAY), ARRAY[json_extract(v3, '$.items')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v4, '$.userId') AS JSON ARRAY), ARRAY[json_extract(v4, '$.userId')])) AS j5(v5) WHERE json_format(v5) NOT IN ('""', '[]', '{}', 'null'))) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.createVolumePermission') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.createVolumePermission')])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.add') AS JSON ARRAY), ARRAY[json_extract(v6, '$.add')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.items') AS JSON ARRAY), ARRAY[json_extract(v7, '$.items')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.group') AS JSON ARRAY), ARRAY[json_extract(v8, '$.group')])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 'all'));
