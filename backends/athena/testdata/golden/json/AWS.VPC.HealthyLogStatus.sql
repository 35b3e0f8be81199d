-- rule: AWS.VPC.HealthyLogStatus
-- title: AWS VPC Healthy Log Status
-- profile: json, table: aws_vpc_flow
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.p_log_type') AS "p_log_type",
    json_extract_scalar(raw, '$.status') AS "status",
    json_extract_scalar(raw, '$.status_code') AS "status_code",
    raw
FROM aws_vpc_flow
WHERE
    ((EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.p_log_type') AS JSON ARRAY), ARRAY[json_extract(raw, '$.p_log_type')])) AS j1(v1) WHERE json_extract_scalar(v1, '$') = 'AWS.VPCFlow') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.status') AS JSON ARRAY), ARRAY[json_extract(raw, '$.status')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'SKIPDATA')) OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.p_log_type') AS JSON ARRAY), ARRAY[json_extract(raw, '$.p_log_type')])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'OCSF.NetworkActivity') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.status_code') AS JSON ARRAY), ARRAY[json_extract(raw, '$.status_code')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'SKIPDATA')));
