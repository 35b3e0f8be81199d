-- rule: GCP.DNS.Zone.Modified.or.Deleted
-- title: GCP DNS Zone Modified or Deleted
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.methodName') IN ('dns.changes.create', 'dns.managedZones.delete', 'dns.managedZones.patch', 'dns.managedZones.update');
