-- rule: AWS.EC2.Traffic.Mirroring
-- title: AWS EC2 Traffic Mirroring
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    useridentity.type,
    useridentity.invokedby
FROM cloudtrail_logs
WHERE
    NOT COALESCE(useridentity.invokedby LIKE '%.amazonaws.com', false)
    AND eventsource = 'ec2.amazonaws.com'
    AND eventname IN ('CreateTrafficMirrorFilter', 'CreateTrafficMirrorFilterRule', 'CreateTrafficMirrorSession', 'CreateTrafficMirrorTarget', 'DeleteTrafficMirrorFilter', 'DeleteTrafficMirrorFilterRule', 'DeleteTrafficMirrorSession', 'DeleteTrafficMirrorTarget', 'ModifyTrafficMirrorFilterNetworkServices', 'ModifyTrafficMirrorFilterRule', 'ModifyTrafficMirrorSession');
