// Package synth generates deterministic synthetic CloudTrail events for
// benchmarks and load tests: about 1.4 KB each, in a realistic mix of mostly
// read-only API calls, some writes, a few errors, and now and then the
// security-relevant calls detection rules look for.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

type call struct {
	source, name string
	weight       int
	readOnly     bool
}

// calls is the mix: weights are relative frequencies.
var calls = []call{
	{"s3.amazonaws.com", "GetObject", 300, true},
	{"s3.amazonaws.com", "PutObject", 80, false},
	{"s3.amazonaws.com", "HeadObject", 60, true},
	{"s3.amazonaws.com", "ListBucket", 40, true},
	{"s3.amazonaws.com", "GetBucketAcl", 20, true},
	{"s3.amazonaws.com", "PutBucketLogging", 1, false},
	{"s3.amazonaws.com", "PutBucketPolicy", 1, false},
	{"s3.amazonaws.com", "DeleteBucketPolicy", 1, false},
	{"ec2.amazonaws.com", "DescribeInstances", 120, true},
	{"ec2.amazonaws.com", "DescribeSecurityGroups", 40, true},
	{"ec2.amazonaws.com", "DescribeVolumes", 30, true},
	{"ec2.amazonaws.com", "RunInstances", 5, false},
	{"ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", 2, false},
	{"ec2.amazonaws.com", "ModifySnapshotAttribute", 1, false},
	{"ec2.amazonaws.com", "DisableEbsEncryptionByDefault", 1, false},
	{"ec2.amazonaws.com", "CreateNetworkAclEntry", 1, false},
	{"sts.amazonaws.com", "AssumeRole", 150, true},
	{"sts.amazonaws.com", "GetCallerIdentity", 40, true},
	{"kms.amazonaws.com", "Decrypt", 120, true},
	{"kms.amazonaws.com", "GenerateDataKey", 60, true},
	{"iam.amazonaws.com", "ListRoles", 20, true},
	{"iam.amazonaws.com", "GetRole", 20, true},
	{"iam.amazonaws.com", "CreateUser", 1, false},
	{"iam.amazonaws.com", "AttachRolePolicy", 1, false},
	{"iam.amazonaws.com", "CreateAccessKey", 1, false},
	{"iam.amazonaws.com", "PutUserPolicy", 1, false},
	{"lambda.amazonaws.com", "Invoke", 60, false},
	{"lambda.amazonaws.com", "UpdateFunctionCode20150331v2", 1, false},
	{"logs.amazonaws.com", "PutLogEvents", 80, false},
	{"cloudtrail.amazonaws.com", "LookupEvents", 10, true},
	{"cloudtrail.amazonaws.com", "StopLogging", 1, false},
	{"cloudtrail.amazonaws.com", "DeleteTrail", 1, false},
	{"signin.amazonaws.com", "ConsoleLogin", 4, false},
	{"guardduty.amazonaws.com", "DeleteDetector", 1, false},
	{"config.amazonaws.com", "StopConfigurationRecorder", 1, false},
	{"secretsmanager.amazonaws.com", "GetSecretValue", 30, true},
	{"dynamodb.amazonaws.com", "DescribeTable", 40, true},
	{"rds.amazonaws.com", "DescribeDBInstances", 20, true},
	{"organizations.amazonaws.com", "LeaveOrganization", 1, false},
}

var totalWeight = func() int {
	n := 0
	for _, c := range calls {
		n += c.weight
	}
	return n
}()

var (
	regions    = []string{"us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
	agents     = []string{"aws-cli/2.15.30 Python/3.11.8 Linux/6.1.0 exe/x86_64.amzn.2023 prompt/off command/s3.cp", "aws-sdk-go-v2/1.25.2 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/sts#1.28.1", "Boto3/1.34.55 md/Botocore#1.34.55 ua/2.0 os/linux#5.10.210 md/arch#x86_64 lang/python#3.12.2 cfg/retry-mode#legacy Botocore/1.34.55", "console.amazonaws.com", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36", "aws-internal/3 aws-sdk-java/1.12.661 Linux/5.10.210 OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 vendor/Oracle_Corporation cfg/retry-mode/standard", "HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0"}
	identTypes = []string{"AssumedRole", "AssumedRole", "AssumedRole", "IAMUser", "AWSService", "Root", "FederatedUser"}
	roles      = []string{"ReadOnlyAnalytics", "DeployRole", "AWSReservedSSO_AdministratorAccess_0123456789abcdef", "eks-node-group-NodeInstanceRole", "lambda-exec-orders-service", "OrganizationAccountAccessRole"}
	errors     = []string{"AccessDenied", "Client.UnauthorizedOperation", "ThrottlingException", "NoSuchKey", "ResourceNotFoundException"}
)

// Generator yields events one by one; the same seed gives the same events.
type Generator struct {
	rng  *rand.Rand
	n    int
	base time.Time
}

// New returns a generator.
func New(seed uint64) *Generator {
	return &Generator{rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), base: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
}

func (g *Generator) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

func (g *Generator) hex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[g.rng.IntN(16)]
	}
	return string(b)
}

// Append appends one event (without a newline) to dst.
func (g *Generator) Append(dst []byte) []byte {
	g.n++
	w := g.rng.IntN(totalWeight)
	var c call
	for _, c = range calls {
		if w < c.weight {
			break
		}
		w -= c.weight
	}
	account := strconv.Itoa(100000000000 + g.rng.IntN(8)*111111111)
	region := g.pick(regions)
	typ := g.pick(identTypes)
	role := g.pick(roles)
	user := fmt.Sprintf("user-%03d", g.rng.IntN(400))
	t := g.base.Add(time.Duration(g.n) * 37 * time.Millisecond)
	ip := fmt.Sprintf("%d.%d.%d.%d", 1+g.rng.IntN(223), g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))
	if g.rng.IntN(5) == 0 {
		ip = c.source
	}
	q := strconv.AppendQuote

	dst = append(dst, `{"eventVersion":"1.09","userIdentity":{"type":`...)
	dst = q(dst, typ)
	dst = append(dst, `,"principalId":"AROA`...)
	dst = append(dst, g.hex(16)...)
	dst = append(dst, ':')
	dst = append(dst, user...)
	dst = append(dst, `","arn":`...)
	if typ == "AssumedRole" {
		dst = q(dst, "arn:aws:sts::"+account+":assumed-role/"+role+"/"+user)
	} else {
		dst = q(dst, "arn:aws:iam::"+account+":user/"+user)
	}
	dst = append(dst, `,"accountId":"`...)
	dst = append(dst, account...)
	dst = append(dst, `","accessKeyId":"`...)
	if g.rng.IntN(4) == 0 {
		dst = append(dst, "AKIA"...)
	} else {
		dst = append(dst, "ASIA"...)
	}
	dst = append(dst, g.hex(16)...)
	dst = append(dst, '"')
	if typ == "AssumedRole" {
		dst = append(dst, `,"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROA`...)
		dst = append(dst, g.hex(16)...)
		dst = append(dst, `","arn":`...)
		dst = q(dst, "arn:aws:iam::"+account+":role/"+role)
		dst = append(dst, `,"accountId":"`...)
		dst = append(dst, account...)
		dst = append(dst, `","userName":`...)
		dst = q(dst, role)
		dst = append(dst, `},"webIdFederationData":{},"attributes":{"creationDate":`...)
		dst = q(dst, t.Add(-time.Duration(g.rng.IntN(3600))*time.Second).Format(time.RFC3339))
		dst = append(dst, `,"mfaAuthenticated":"`...)
		dst = strconv.AppendBool(dst, g.rng.IntN(3) == 0)
		dst = append(dst, `"}}`...)
	} else if typ == "IAMUser" {
		dst = append(dst, `,"userName":`...)
		dst = q(dst, user)
	}
	if typ == "AWSService" {
		dst = append(dst, `,"invokedBy":`...)
		dst = q(dst, c.source)
	}
	dst = append(dst, `},"eventTime":`...)
	dst = q(dst, t.Format(time.RFC3339))
	dst = append(dst, `,"eventSource":`...)
	dst = q(dst, c.source)
	dst = append(dst, `,"eventName":`...)
	dst = q(dst, c.name)
	dst = append(dst, `,"awsRegion":`...)
	dst = q(dst, region)
	dst = append(dst, `,"sourceIPAddress":`...)
	dst = q(dst, ip)
	dst = append(dst, `,"userAgent":`...)
	dst = q(dst, g.pick(agents))
	failed := g.rng.IntN(20) == 0
	if failed {
		code := g.pick(errors)
		dst = append(dst, `,"errorCode":`...)
		dst = q(dst, code)
		dst = append(dst, `,"errorMessage":`...)
		dst = q(dst, "User: arn:aws:sts::"+account+":assumed-role/"+role+"/"+user+" is not authorized to perform this operation ("+code+")")
	}
	dst = append(dst, `,"requestParameters":`...)
	dst = g.requestParameters(dst, c, account, region)
	dst = append(dst, `,"responseElements":`...)
	switch {
	case failed || c.readOnly:
		dst = append(dst, "null"...)
	case c.name == "ConsoleLogin":
		if g.rng.IntN(3) == 0 {
			dst = append(dst, `{"ConsoleLogin":"Failure"}`...)
		} else {
			dst = append(dst, `{"ConsoleLogin":"Success"}`...)
		}
	default:
		dst = append(dst, `{"requestId":"`...)
		dst = append(dst, g.hex(8)...)
		dst = append(dst, `","status":"ok","credentials":{"expiration":"`...)
		dst = append(dst, t.Add(time.Hour).Format(time.RFC3339)...)
		dst = append(dst, `"}}`...)
	}
	if c.name == "ConsoleLogin" {
		dst = append(dst, `,"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home","MobileVersion":"No","MFAUsed":`...)
		dst = q(dst, g.pick([]string{"Yes", "No"}))
		dst = append(dst, '}')
	}
	dst = append(dst, `,"requestID":"`...)
	dst = append(dst, g.hex(8)...)
	dst = append(dst, '-')
	dst = append(dst, g.hex(4)...)
	dst = append(dst, '-')
	dst = append(dst, g.hex(4)...)
	dst = append(dst, `","eventID":"`...)
	dst = append(dst, g.hex(8)...)
	dst = append(dst, '-')
	dst = append(dst, g.hex(4)...)
	dst = append(dst, '-')
	dst = append(dst, g.hex(12)...)
	dst = append(dst, `","readOnly":`...)
	dst = strconv.AppendBool(dst, c.readOnly)
	dst = append(dst, `,"resources":[{"accountId":"`...)
	dst = append(dst, account...)
	dst = append(dst, `","type":"AWS::`...)
	dst = append(dst, c.source[:len(c.source)-len(".amazonaws.com")]...)
	dst = append(dst, `::Resource","ARN":"arn:aws:`...)
	dst = append(dst, c.source[:len(c.source)-len(".amazonaws.com")]...)
	dst = append(dst, ':')
	dst = append(dst, region...)
	dst = append(dst, ':')
	dst = append(dst, account...)
	dst = append(dst, ":resource/"...)
	dst = append(dst, g.hex(12)...)
	dst = append(dst, `"}],"eventType":"AwsApiCall","managementEvent":`...)
	dst = strconv.AppendBool(dst, c.source != "s3.amazonaws.com" || g.rng.IntN(2) == 0)
	dst = append(dst, `,"recipientAccountId":"`...)
	dst = append(dst, account...)
	dst = append(dst, `","eventCategory":"Management","tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"`...)
	dst = append(dst, c.source[:len(c.source)-len(".amazonaws.com")]...)
	dst = append(dst, '.')
	dst = append(dst, region...)
	dst = append(dst, `.amazonaws.com"}`...)
	if g.rng.IntN(2) == 0 {
		dst = append(dst, `,"vpcEndpointId":"vpce-`...)
		dst = append(dst, g.hex(17)...)
		dst = append(dst, `","vpcEndpointAccountId":"`...)
		dst = append(dst, account...)
		dst = append(dst, '"')
	}
	if g.rng.IntN(4) == 0 {
		dst = append(dst, `,"sessionCredentialFromConsole":"true"`...)
	}
	dst = append(dst, '}')
	return dst
}

func (g *Generator) requestParameters(dst []byte, c call, account, region string) []byte {
	q := strconv.AppendQuote
	switch c.source {
	case "s3.amazonaws.com":
		dst = append(dst, `{"bucketName":`...)
		dst = q(dst, fmt.Sprintf("corp-%s-data-%02d", region, g.rng.IntN(30)))
		dst = append(dst, `,"Host":"s3.amazonaws.com","key":`...)
		dst = q(dst, fmt.Sprintf("exports/2024/03/%02d/part-%05d.parquet", 1+g.rng.IntN(28), g.rng.IntN(99999)))
		if c.name == "PutBucketLogging" {
			dst = append(dst, `,"logging":""`...)
		}
		dst = append(dst, `,"x-amz-server-side-encryption":"aws:kms"}`...)
	case "ec2.amazonaws.com":
		dst = append(dst, `{"instancesSet":{"items":[{"instanceId":"i-`...)
		dst = append(dst, g.hex(17)...)
		dst = append(dst, `"},{"instanceId":"i-`...)
		dst = append(dst, g.hex(17)...)
		dst = append(dst, `"}]},"filterSet":{},"maxResults":`...)
		dst = strconv.AppendInt(dst, int64(5+g.rng.IntN(995)), 10)
		if c.name == "ModifySnapshotAttribute" {
			dst = append(dst, `,"attributeType":"CREATE_VOLUME_PERMISSION","createVolumePermission":{"add":{"items":[{"group":"all"}]}}`...)
		}
		dst = append(dst, '}')
	case "sts.amazonaws.com":
		dst = append(dst, `{"roleArn":"arn:aws:iam::`...)
		dst = append(dst, account...)
		dst = append(dst, `:role/`...)
		dst = append(dst, g.pick(roles)...)
		dst = append(dst, `","roleSessionName":"session-`...)
		dst = append(dst, g.hex(10)...)
		dst = append(dst, `","durationSeconds":3600}`...)
	case "kms.amazonaws.com":
		dst = append(dst, `{"keyId":"arn:aws:kms:`...)
		dst = append(dst, region...)
		dst = append(dst, ':')
		dst = append(dst, account...)
		dst = append(dst, `:key/`...)
		dst = append(dst, g.hex(8)...)
		dst = append(dst, `","encryptionAlgorithm":"SYMMETRIC_DEFAULT","encryptionContext":{"aws:lambda:FunctionArn":"arn:aws:lambda:`...)
		dst = append(dst, region...)
		dst = append(dst, `:function:orders"}}`...)
	case "iam.amazonaws.com":
		dst = append(dst, `{"roleName":`...)
		dst = q(dst, g.pick(roles))
		if c.name == "AttachRolePolicy" {
			dst = append(dst, `,"policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"`...)
		}
		dst = append(dst, `,"maxItems":100}`...)
	default:
		dst = append(dst, `{"name":"resource-`...)
		dst = append(dst, g.hex(6)...)
		dst = append(dst, `","limit":50}`...)
	}
	return dst
}
