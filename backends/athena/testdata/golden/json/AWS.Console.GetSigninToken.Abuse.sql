-- rule: AWS.Console.GetSigninToken.Abuse
-- title: AWS Console GetSigninToken Potential Abuse
-- profile: json, table: aws_cloud_trail
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.userAgent') AS "userAgent",
    json_extract_scalar(raw, '$.sourceIpAddress') AS "sourceIpAddress",
    json_extract_scalar(raw, '$.recipientAccountId') AS "recipientAccountId",
    json_extract_scalar(raw, '$.eventSource') AS "eventSource",
    json_extract_scalar(raw, '$.eventName') AS "eventName",
    raw
FROM aws_cloud_trail
WHERE
    json_extract_scalar(raw, '$.eventSource') = 'signin.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'GetSigninToken'
    AND NOT COALESCE(json_extract_scalar(raw, '$.userAgent') LIKE '%Jersey/${project.version}%', false);
