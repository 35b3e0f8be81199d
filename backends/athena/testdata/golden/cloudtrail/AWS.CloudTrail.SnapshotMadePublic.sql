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
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventname = 'ModifySnapshotAttribute'
    AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(requestparameters, '$.attributeType') AS JSON ARRAY), ARRAY[json_extract(requestparameters, '$.attributeType')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'CREATE_VOLUME_PERMISSION')
    AND (NOT (NOT EXISTS (SELECT 1 FROM UNNEST(TRY_CAST(json_extract(requestparameters, '$.createVolumePermission.add.items') AS JSON ARRAY)) AS j4(v4) WHERE json_extract_scalar(v4, '$.userId') <> '')) OR EXISTS (SELECT 1 FROM UNNEST(TRY_CAST(json_extract(requestparameters, '$.createVolumePermission.add.items') AS JSON ARRAY)) AS j5(v5) WHERE json_extract_scalar(v5, '$.group') = 'all'));
