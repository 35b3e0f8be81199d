-- rule: GCP.DNS.Zone.Modified.or.Deleted
-- title: GCP DNS Zone Modified or Deleted
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.methodName')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) WHERE json_extract_scalar(v6, '$') IN ('dns.changes.create', 'dns.managedZones.delete', 'dns.managedZones.patch', 'dns.managedZones.update'));
