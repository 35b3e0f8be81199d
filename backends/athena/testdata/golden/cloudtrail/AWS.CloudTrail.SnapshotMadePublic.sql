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
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.attributeType') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.attributeType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'CREATE_VOLUME_PERMISSION')
    AND (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.createVolumePermission') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.createVolumePermission')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.add') AS JSON ARRAY), ARRAY[json_extract(v6, '$.add')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v9, '$.items') AS JSON ARRAY), ARRAY[json_extract(v9, '$.items')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v10 AS JSON ARRAY), ARRAY[v10])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v11 AS JSON ARRAY), ARRAY[v11])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.userId') AS JSON ARRAY), ARRAY[json_extract(v12, '$.userId')])) AS j13(v13) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v13 AS JSON ARRAY), ARRAY[v13])) AS j14(v14) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v14 AS JSON ARRAY), ARRAY[v14])) AS j15(v15) WHERE json_format(v15) NOT IN ('""', '[]', '{}', 'null'))) OR EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.createVolumePermission') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.createVolumePermission')])) AS j16(v16) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v16 AS JSON ARRAY), ARRAY[v16])) AS j17(v17) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v17 AS JSON ARRAY), ARRAY[v17])) AS j18(v18) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v18, '$.add') AS JSON ARRAY), ARRAY[json_extract(v18, '$.add')])) AS j19(v19) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v19 AS JSON ARRAY), ARRAY[v19])) AS j20(v20) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v20 AS JSON ARRAY), ARRAY[v20])) AS j21(v21) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v21, '$.items') AS JSON ARRAY), ARRAY[json_extract(v21, '$.items')])) AS j22(v22) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v22 AS JSON ARRAY), ARRAY[v22])) AS j23(v23) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v23 AS JSON ARRAY), ARRAY[v23])) AS j24(v24) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v24, '$.group') AS JSON ARRAY), ARRAY[json_extract(v24, '$.group')])) AS j25(v25) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v25 AS JSON ARRAY), ARRAY[v25])) AS j26(v26) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v26 AS JSON ARRAY), ARRAY[v26])) AS j27(v27) WHERE json_extract_scalar(v27, '$') = 'all'));
