-- rule: Okta.Refresh.Access.Token.Reuse
-- title: Okta App Refresh Access Token Reuse
-- profile: cloudtrail, table: cloudtrail_logs
SELECT
    eventtime,
    eventsource,
    eventname,
    useridentity.arn,
    sourceipaddress,
    awsregion,
    errorcode,
    eventtype
FROM cloudtrail_logs
WHERE
    eventtype IN ('app.oauth2.as.token.detect_reuse', 'app.oauth2.token.detect_reuse');
