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
    EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j1(v1) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v1, '$.serviceName') AS JSON ARRAY), ARRAY[json_extract(v1, '$.serviceName')])) AS j2(v2) WHERE json_extract_scalar(v2, '$') = 'cloudkms.googleapis.com')
    AND (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j3(v3) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v3, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v3, '$.methodName')])) AS j4(v4) WHERE json_extract_scalar(v4, '$') = 'DestroyCryptoKeyVersion') OR (EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j5(v5) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v5, '$.methodName') AS JSON ARRAY), ARRAY[json_extract(v5, '$.methodName')])) AS j6(v6) WHERE json_extract_scalar(v6, '$') = 'UpdateCryptoKeyVersion') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j7(v7) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v7, '$.request') AS JSON ARRAY), ARRAY[json_extract(v7, '$.request')])) AS j8(v8) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v8, '$.updateMask') AS JSON ARRAY), ARRAY[json_extract(v8, '$.updateMask')])) AS j9(v9) WHERE json_extract_scalar(v9, '$') = 'state') AND EXISTS (SELECT 1 FROM UNNEST(COALESCE(TRY_CAST(json_extract(raw, '$.protoPayload') AS JSON ARRAY), ARRAY[json_extract(raw, '$.protoPayload')])) AS j10(v10) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v10, '$.request') AS JSON ARRAY), ARRAY[json_extract(v10, '$.request')])) AS j11(v11) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v11, '$.cryptoKeyVersion') AS JSON ARRAY), ARRAY[json_extract(v11, '$.cryptoKeyVersion')])) AS j12(v12) CROSS JOIN UNNEST(COALESCE(TRY_CAST(json_extract(v12, '$.state') AS JSON ARRAY), ARRAY[json_extract(v12, '$.state')])) AS j13(v13) WHERE json_extract_scalar(v13, '$') IN ('DISABLED', 'DESTROY_SCHEDULED', 'DESTROYED'))));
