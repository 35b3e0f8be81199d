-- rule: AWS.STS.GetCallerIdentity.TruffleHog
-- title: AWS STS GetCallerIdentity via TruffleHog
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
    json_extract_scalar(raw, '$.eventSource') = 'sts.amazonaws.com'
    AND json_extract_scalar(raw, '$.eventName') = 'GetCallerIdentity'
    AND regexp_like(json_extract_scalar(raw, '$.userAgent'), '[Tt][Rr][Uu][Ff][Ff][Ll][Ee][Hh][Oo][Gg]');
