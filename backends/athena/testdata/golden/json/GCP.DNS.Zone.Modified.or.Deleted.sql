-- rule: GCP.DNS.Zone.Modified.or.Deleted
-- title: GCP DNS Zone Modified or Deleted
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v1, '$.methodName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') IN ('dns.changes.create', 'dns.managedZones.delete', 'dns.managedZones.patch', 'dns.managedZones.update'));
