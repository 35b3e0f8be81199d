-- cloudtrail_logs table for rulec's cloudtrail profile.
-- After AWS's "Create the table for CloudTrail logs in Athena using partition projection".
CREATE EXTERNAL TABLE `cloudtrail_logs` (
    `eventversion` string,
    `useridentity` struct<type:string,principalid:string,arn:string,accountid:string,invokedby:string,accesskeyid:string,username:string,onbehalfof:struct<userid:string,identitystorearn:string>,sessioncontext:struct<attributes:struct<mfaauthenticated:string,creationdate:string>,sessionissuer:struct<type:string,principalid:string,arn:string,accountid:string,username:string>,ec2roledelivery:string,webidfederationdata:struct<federatedprovider:string,attributes:map<string,string>>>>,
    `eventtime` string,
    `eventsource` string,
    `eventname` string,
    `awsregion` string,
    `sourceipaddress` string,
    `useragent` string,
    `errorcode` string,
    `errormessage` string,
    `requestparameters` string,
    `responseelements` string,
    `additionaleventdata` string,
    `requestid` string,
    `eventid` string,
    `resources` array<struct<arn:string,accountid:string,type:string>>,
    `eventtype` string,
    `apiversion` string,
    `readonly` string,
    `recipientaccountid` string,
    `serviceeventdetails` string,
    `sharedeventid` string,
    `vpcendpointid` string,
    `vpcendpointaccountid` string,
    `eventcategory` string,
    `addendum` struct<reason:string,updatedfields:string,originalrequestid:string,originaleventid:string>,
    `sessioncredentialfromconsole` string,
    `edgedevicedetails` string,
    `tlsdetails` struct<tlsversion:string,ciphersuite:string,clientprovidedhostheader:string>
)
PARTITIONED BY (`timestamp` string)
ROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'
STORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://BUCKET/AWSLogs/ACCOUNT_ID/CloudTrail/REGION/'
TBLPROPERTIES (
    'projection.enabled' = 'true',
    'projection.timestamp.type' = 'date',
    'projection.timestamp.format' = 'yyyy/MM/dd',
    'projection.timestamp.interval' = '1',
    'projection.timestamp.interval.unit' = 'DAYS',
    'projection.timestamp.range' = '2020/01/01,NOW',
    'storage.location.template' = 's3://BUCKET/AWSLogs/ACCOUNT_ID/CloudTrail/REGION/${timestamp}'
);
