-- rule: GCP.KMS.EraseKey
-- title: GCP KMS Key Version Disabled or Destroyed
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.protoPayload.serviceName') AS "protoPayload.serviceName",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    json_extract_scalar(raw, '$.protoPayload.request.updateMask') AS "protoPayload.request.updateMask",
    json_extract_scalar(raw, '$.protoPayload.request.cryptoKeyVersion.state') AS "protoPayload.request.cryptoKeyVersion.state",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.serviceName') = 'cloudkms.googleapis.com'
    AND (json_extract_scalar(raw, '$.protoPayload.methodName') = 'DestroyCryptoKeyVersion' OR (json_extract_scalar(raw, '$.protoPayload.methodName') = 'UpdateCryptoKeyVersion' AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload.request.updateMask') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload.request.updateMask')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v1 AS JSON ARRAY), ARRAY[v1])) AS j2(v2) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v2 AS JSON ARRAY), ARRAY[v2])) AS j3(v3) WHERE json_extract_scalar(v3, '$') = 'state') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload.request.cryptoKeyVersion') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload.request.cryptoKeyVersion')])) AS j4(v4) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v4 AS JSON ARRAY), ARRAY[v4])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v5 AS JSON ARRAY), ARRAY[v5])) AS j6(v6) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v6, '$.state') AS JSON ARRAY), ARRAY[json_extract(v6, '$.state')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v7 AS JSON ARRAY), ARRAY[v7])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(v8 AS JSON ARRAY), ARRAY[v8])) AS j9(v9) WHERE json_extract_scalar(v9, '$') IN ('DISABLED', 'DESTROY_SCHEDULED', 'DESTROYED'))));
