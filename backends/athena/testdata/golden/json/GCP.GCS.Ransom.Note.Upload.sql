-- rule: GCP.GCS.Ransom.Note.Upload
-- title: GCP GCS Ransom Note Upload
-- profile: json, table: gcp_audit_log
SELECT
    TRY_CAST(json_extract_scalar(raw, '$.p_event_time') AS TIMESTAMP) AS "p_event_time",
    json_extract_scalar(raw, '$.severity') AS "severity",
    json_extract_scalar(raw, '$.protoPayload.serviceName') AS "protoPayload.serviceName",
    json_extract_scalar(raw, '$.protoPayload.methodName') AS "protoPayload.methodName",
    json_extract_scalar(raw, '$.protoPayload.resourceName') AS "protoPayload.resourceName",
    raw
FROM gcp_audit_log
WHERE
    json_extract_scalar(raw, '$.protoPayload.serviceName') = 'storage.googleapis.com'
    AND json_extract_scalar(raw, '$.protoPayload.methodName') = 'storage.objects.create'
    AND regexp_like(json_extract_scalar(raw, '$.protoPayload.resourceName'), '\/[Oo][Bb][Jj][Ee][Cc][Tt][Ssſ]\/(?:([Rr][Aa][Nn][Ssſ][Oo][Mm]|[Pp][Aa][Yy][Mm][Ee][Nn][Tt])[\-\_]?([Nn][Oo][Tt][Ee]|[Ii][Nn](?:[Ff][Oo]|[Ssſ][Tt][Rr][Uu][Cc][Tt][Ii][Oo][Nn][Ssſ]?))[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Hh][Oo][Ww][\-\_]?[Tt][Oo][\-\_]?([Dd][Ee][Cc][Rr][Yy][Pp][Tt]|[Rr][Ee](?:[Ssſ][Tt][Oo][Rr][Ee]|[Cc][Oo][Vv][Ee][Rr]))[\-\_]?([Yy][Oo][Uu][Rr][\-\_]?)?[Ff][Ii][Ll][Ee][Ssſ][^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Dd][Ee][Cc][Rr][Yy][Pp][Tt][\-\_]?([Ii][Nn][Ssſ][Tt][Rr][Uu][Cc][Tt][Ii][Oo][Nn][Ssſ]?|[Gg][Uu][Ii][Dd][Ee]|[Ii][Nn][Ff][Oo]|[Yy][Oo][Uu][Rr][\-\_]?[Ff][Ii][Ll][Ee][Ssſ])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Rr][Ee](?:[Ssſ][Tt][Oo][Rr][Ee][\-\_]?([Ii][Nn][Ssſ][Tt][Rr][Uu][Cc][Tt][Ii][Oo][Nn][Ssſ]?|[Gg][Uu][Ii][Dd][Ee]|[Ii][Nn][Ff][Oo]|[Yy][Oo][Uu][Rr][\-\_]?[Ff][Ii][Ll][Ee][Ssſ])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Cc][Oo][Vv][Ee][Rr][Yy][\-\_]?([Ii][Nn][Ssſ][Tt][Rr][Uu][Cc][Tt][Ii][Oo][Nn][Ssſ]?|[KkK][Ee][Yy]|[Gg][Uu][Ii][Dd][Ee])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?))|([Aa][Ll][Ll][\-\_]?)?[Ff][Ii][Ll][Ee][Ssſ]?[\-\_]?([Hh][Aa][Vv][Ee][\-\_]?[Bb][Ee][Ee][Nn][\-\_]?)?([Ee][Nn][Cc][Rr][Yy][Pp][Tt][Ee][Dd]|[Ll][Oo][Cc][KkK][Ee][Dd])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Yy][Oo][Uu][Rr][\-\_]?[Ff][Ii][Ll][Ee][Ssſ]?[\-\_]?([Aa][Rr][Ee]|[Hh][Aa][Vv][Ee][\-\_]?[Bb][Ee][Ee][Nn])[\-\_]?([Ee][Nn][Cc][Rr][Yy][Pp][Tt][Ee][Dd]|[Ll][Oo][Cc][KkK][Ee][Dd])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Dd][Aa][Tt][Aa][\-\_]?([Hh][Aa][Ssſ][\-\_]?[Bb][Ee][Ee][Nn][\-\_]?)?([Ee][Nn][Cc][Rr][Yy][Pp][Tt][Ee][Dd]|[Ll][Oo][Cc][KkK][Ee][Dd])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Uu][Nn][Ll][Oo][Cc][KkK][\-\_]?([Ii][Nn][Ssſ][Tt][Rr][Uu][Cc][Tt][Ii][Oo][Nn][Ssſ]?|[Gg][Uu][Ii][Dd][Ee]|[Yy][Oo][Uu][Rr][\-\_]?[Ff][Ii][Ll][Ee][Ssſ])[^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?)|[Hh][Ee][Ll][Pp][\-\_]?([Rr][Ee][Ssſ][Tt][Oo][Rr][Ee]|[Dd][Ee][Cc][Rr][Yy][Pp][Tt]|[Rr][Ee][Cc][Oo][Vv][Ee][Rr])[\-\_]?([Yy][Oo][Uu][Rr][\-\_]?)?[Ff][Ii][Ll][Ee][Ssſ][^\n]*\.([Tt][Xx][Tt]|[Hh][Tt][Mm][Ll]?))\z');
