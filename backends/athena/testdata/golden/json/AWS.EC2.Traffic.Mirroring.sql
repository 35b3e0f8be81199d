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
    NOT COALESCE(json_extract_scalar(raw, '$.userIdentity.invokedBy') LIKE '%.amazonaws.com', false)
    AND json_extract_scalar(raw, '$.eventSource') = 'ec2.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') IN ('CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule', 'CreateTrafficMirrorSession', 'CreateTrafficMirrorTarget', 'DeleteTrafficMirrorFilter', 'DeleteTrafficMirrorFilterRule', 'DeleteTrafficMirrorSession', 'DeleteTrafficMirrorTarget', 'ModifyTrafficMirrorFilterNetworkServices', 'ModifyTrafficMirrorFilterRule', 'ModifyTrafficMirrorSession');
