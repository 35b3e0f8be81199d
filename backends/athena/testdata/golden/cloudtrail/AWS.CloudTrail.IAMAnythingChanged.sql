-- rule: AWS.CloudTrail.IAMAnythingChanged
-- title: IAM Change
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
    AND eventsource = 'iam.amazonaws.com'
    AND regexp_like(eventname, '\A(A(?:dd|ttach)|C(?:hange|reate)|De(?:activate|lete|tach)|Enable|Put|Remove|Set|Up(?:date|load))');
