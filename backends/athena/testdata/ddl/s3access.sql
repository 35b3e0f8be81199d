-- s3_access_logs table for rulec's s3access profile.
-- After AWS's S3 server access log table, for date-partitioned log delivery.
CREATE EXTERNAL TABLE `s3_access_logs` (
    `bucketowner` string,
    `bucket_name` string,
    `requestdatetime` string,
    `remoteip` string,
    `requester` string,
    `requestid` string,
    `operation` string,
    `key` string,
    `request_uri` string,
    `httpstatus` string,
    `errorcode` string,
    `bytessent` bigint,
    `objectsize` bigint,
    `totaltime` string,
    `turnaroundtime` string,
    `referrer` string,
    `useragent` string,
    `versionid` string,
    `hostid` string,
    `sigv` string,
    `ciphersuite` string,
    `authtype` string,
    `endpoint` string,
    `tlsversion` string,
    `accesspointarn` string,
    `aclrequired` string
)
PARTITIONED BY (`timestamp` string)
ROW FORMAT SERDE 'org.apache.hadoop.hive.serde2.RegexSerDe'
WITH SERDEPROPERTIES (
    'input.regex' = '([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://BUCKET/PREFIX/SOURCE_ACCOUNT_ID/SOURCE_REGION/SOURCE_BUCKET/'
TBLPROPERTIES (
    'projection.enabled' = 'true',
    'projection.timestamp.type' = 'date',
    'projection.timestamp.format' = 'yyyy/MM/dd',
    'projection.timestamp.interval' = '1',
    'projection.timestamp.interval.unit' = 'DAYS',
    'projection.timestamp.range' = '2020/01/01,NOW',
    'storage.location.template' = 's3://BUCKET/PREFIX/SOURCE_ACCOUNT_ID/SOURCE_REGION/SOURCE_BUCKET/${timestamp}'
);
