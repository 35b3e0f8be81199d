-- rule: AWS.ConfigService.Created
-- title: AWS Config Service Created
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
    errormessage
FROM cloudtrail_logs
WHERE
    COALESCE(errorcode, '') = '' AND COALESCE(errormessage, '') = ''
    AND eventname IN ('PutDeliveryChannel', 'PutConfigurationRecorder', 'StartConfigurationRecorder');
