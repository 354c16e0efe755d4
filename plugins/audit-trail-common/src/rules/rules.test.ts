import fs from 'node:fs';
import path from 'node:path';
import { CloudTrailRecord, DetectionRule } from '../types';
import {
  cloudTrailRecord,
  consoleLogin,
  identities,
} from '../__testUtils__/records';
import {
  awsConfigChanges,
  cloudTrailConfigChanges,
  consoleAuthenticationFailures,
  consoleSignInWithoutMfa,
  customerManagedKeyDeletion,
  detectionRules,
  iamPolicyChanges,
  matchingRules,
  networkAclChanges,
  networkGatewayChanges,
  organizationsChanges,
  rootAccountUsage,
  routeTableChanges,
  s3BucketPolicyChanges,
  securityGroupChanges,
  unauthorizedApiCalls,
  vpcChanges,
} from '.';

type Case = [description: string, record: CloudTrailRecord];

const write = (
  eventSource: string,
  eventName: string,
  extra: Partial<CloudTrailRecord> = {},
) => cloudTrailRecord({ eventSource, eventName, readOnly: false, ...extra });

const cases: Array<{
  rule: DetectionRule;
  positive: Case[];
  negative: Case[];
}> = [
  {
    rule: unauthorizedApiCalls,
    positive: [
      [
        'EC2 Client.UnauthorizedOperation',
        cloudTrailRecord({
          eventVersion: '1.10',
          eventName: 'RunInstances',
          errorCode: 'Client.UnauthorizedOperation',
          errorMessage: 'You are not authorized to perform this operation.',
        }),
      ],
      [
        'IAM AccessDenied by an IAM user',
        write('iam.amazonaws.com', 'CreateUser', {
          userIdentity: identities.iamUser,
          errorCode: 'AccessDenied',
        }),
      ],
      [
        'S3 AccessDeniedException variant',
        write('kms.amazonaws.com', 'Decrypt', {
          errorCode: 'AccessDeniedException',
        }),
      ],
    ],
    negative: [
      ['a successful call', cloudTrailRecord()],
      [
        'a different error',
        cloudTrailRecord({ errorCode: 'ThrottlingException' }),
      ],
      [
        'CloudWatch Logs delivery',
        write('s3.amazonaws.com', 'PutObject', {
          errorCode: 'AccessDenied',
          sourceIPAddress: 'delivery.logs.amazonaws.com',
        }),
      ],
      [
        'an S3 HeadBucket probe',
        cloudTrailRecord({
          eventSource: 's3.amazonaws.com',
          eventName: 'HeadBucket',
          errorCode: 'AccessDenied',
        }),
      ],
      [
        'an error code that only contains AccessDenied',
        cloudTrailRecord({ errorCode: 'Client.AccessDeniedish' }),
      ],
    ],
  },
  {
    rule: consoleSignInWithoutMfa,
    positive: [
      [
        'IAM user, MFAUsed No',
        consoleLogin({
          identity: identities.iamUser,
          outcome: 'Success',
          mfaUsed: 'No',
        }),
      ],
      [
        'IAM user, no MFAUsed field (eventVersion 1.11)',
        consoleLogin({
          identity: identities.iamUser,
          outcome: 'Success',
          eventVersion: '1.11',
        }),
      ],
    ],
    negative: [
      [
        'IAM user with MFA',
        consoleLogin({
          identity: identities.iamUser,
          outcome: 'Success',
          mfaUsed: 'Yes',
        }),
      ],
      [
        'failed sign-in',
        consoleLogin({
          identity: identities.iamUser,
          outcome: 'Failure',
          mfaUsed: 'No',
        }),
      ],
      [
        'federated (assumed role) sign-in',
        consoleLogin({
          identity: identities.assumedRole,
          outcome: 'Success',
          mfaUsed: 'No',
        }),
      ],
      [
        'root sign-in (covered by 4.3)',
        consoleLogin({
          identity: identities.root,
          outcome: 'Success',
          mfaUsed: 'No',
        }),
      ],
    ],
  },
  {
    rule: rootAccountUsage,
    positive: [
      [
        'root console sign-in',
        consoleLogin({
          identity: identities.root,
          outcome: 'Success',
          mfaUsed: 'Yes',
        }),
      ],
      [
        'root API call (eventVersion 1.11)',
        write('iam.amazonaws.com', 'CreateAccessKey', {
          eventVersion: '1.11',
          userIdentity: identities.root,
        }),
      ],
    ],
    negative: [
      ['an IAM user', cloudTrailRecord({ userIdentity: identities.iamUser })],
      [
        'a service acting for root',
        cloudTrailRecord({
          userIdentity: {
            ...identities.root,
            invokedBy: 'support.amazonaws.com',
          },
        }),
      ],
      [
        'an AwsServiceEvent about root',
        cloudTrailRecord({
          userIdentity: identities.root,
          eventType: 'AwsServiceEvent',
        }),
      ],
      [
        'an AWS service identity',
        cloudTrailRecord({ userIdentity: identities.awsService }),
      ],
    ],
  },
  {
    rule: iamPolicyChanges,
    positive: [
      ['PutRolePolicy', write('iam.amazonaws.com', 'PutRolePolicy')],
      [
        'AttachUserPolicy by an IAM user',
        write('iam.amazonaws.com', 'AttachUserPolicy', {
          userIdentity: identities.iamUser,
        }),
      ],
      [
        'DeletePolicyVersion',
        write('iam.amazonaws.com', 'DeletePolicyVersion'),
      ],
    ],
    negative: [
      ['CreateUser', write('iam.amazonaws.com', 'CreateUser')],
      [
        'GetPolicy',
        cloudTrailRecord({
          eventSource: 'iam.amazonaws.com',
          eventName: 'GetPolicy',
        }),
      ],
      [
        'SetDefaultPolicyVersion (not in the benchmark filter)',
        write('iam.amazonaws.com', 'SetDefaultPolicyVersion'),
      ],
    ],
  },
  {
    rule: cloudTrailConfigChanges,
    positive: [
      ['StopLogging', write('cloudtrail.amazonaws.com', 'StopLogging')],
      [
        'DeleteTrail by root',
        write('cloudtrail.amazonaws.com', 'DeleteTrail', {
          userIdentity: identities.root,
        }),
      ],
      ['UpdateTrail', write('cloudtrail.amazonaws.com', 'UpdateTrail')],
    ],
    negative: [
      [
        'LookupEvents',
        cloudTrailRecord({
          eventSource: 'cloudtrail.amazonaws.com',
          eventName: 'LookupEvents',
        }),
      ],
      [
        'PutEventSelectors',
        write('cloudtrail.amazonaws.com', 'PutEventSelectors'),
      ],
    ],
  },
  {
    rule: consoleAuthenticationFailures,
    positive: [
      [
        'failed IAM user sign-in',
        consoleLogin({ identity: identities.iamUser, outcome: 'Failure' }),
      ],
      [
        'failed root sign-in',
        consoleLogin({ identity: identities.root, outcome: 'Failure' }),
      ],
    ],
    negative: [
      [
        'successful sign-in',
        consoleLogin({
          identity: identities.iamUser,
          outcome: 'Success',
          mfaUsed: 'Yes',
        }),
      ],
      [
        'another sign-in error',
        {
          ...consoleLogin({ identity: identities.iamUser, outcome: 'Failure' }),
          errorMessage: 'No username found in supplied account',
        },
      ],
    ],
  },
  {
    rule: customerManagedKeyDeletion,
    positive: [
      [
        'ScheduleKeyDeletion',
        write('kms.amazonaws.com', 'ScheduleKeyDeletion'),
      ],
      ['DisableKey', write('kms.amazonaws.com', 'DisableKey')],
    ],
    negative: [
      ['EnableKey', write('kms.amazonaws.com', 'EnableKey')],
      ['CancelKeyDeletion', write('kms.amazonaws.com', 'CancelKeyDeletion')],
      [
        'a same-named call of another service',
        write('example.amazonaws.com', 'DisableKey'),
      ],
    ],
  },
  {
    rule: s3BucketPolicyChanges,
    positive: [
      ['PutBucketPolicy', write('s3.amazonaws.com', 'PutBucketPolicy')],
      ['PutBucketAcl', write('s3.amazonaws.com', 'PutBucketAcl')],
      [
        'DeleteBucketReplication',
        write('s3.amazonaws.com', 'DeleteBucketReplication'),
      ],
    ],
    negative: [
      [
        'GetBucketPolicy',
        cloudTrailRecord({
          eventSource: 's3.amazonaws.com',
          eventName: 'GetBucketPolicy',
        }),
      ],
      ['PutBucketTagging', write('s3.amazonaws.com', 'PutBucketTagging')],
      [
        'PutBucketPolicy of another service',
        write('s3-outposts.amazonaws.com', 'PutBucketPolicy'),
      ],
    ],
  },
  {
    rule: awsConfigChanges,
    positive: [
      [
        'StopConfigurationRecorder',
        write('config.amazonaws.com', 'StopConfigurationRecorder'),
      ],
      [
        'DeleteDeliveryChannel',
        write('config.amazonaws.com', 'DeleteDeliveryChannel'),
      ],
    ],
    negative: [
      [
        'StartConfigurationRecorder',
        write('config.amazonaws.com', 'StartConfigurationRecorder'),
      ],
      ['PutConfigRule', write('config.amazonaws.com', 'PutConfigRule')],
    ],
  },
  {
    rule: securityGroupChanges,
    positive: [
      [
        'AuthorizeSecurityGroupIngress',
        write('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'),
      ],
      [
        'DeleteSecurityGroup',
        write('ec2.amazonaws.com', 'DeleteSecurityGroup'),
      ],
    ],
    negative: [
      [
        'DescribeSecurityGroups',
        cloudTrailRecord({ eventName: 'DescribeSecurityGroups' }),
      ],
      [
        'ModifySecurityGroupRules (not in the benchmark filter)',
        write('ec2.amazonaws.com', 'ModifySecurityGroupRules'),
      ],
    ],
  },
  {
    rule: networkAclChanges,
    positive: [
      [
        'CreateNetworkAclEntry',
        write('ec2.amazonaws.com', 'CreateNetworkAclEntry'),
      ],
      [
        'ReplaceNetworkAclAssociation',
        write('ec2.amazonaws.com', 'ReplaceNetworkAclAssociation'),
      ],
    ],
    negative: [
      [
        'DescribeNetworkAcls',
        cloudTrailRecord({ eventName: 'DescribeNetworkAcls' }),
      ],
    ],
  },
  {
    rule: networkGatewayChanges,
    positive: [
      [
        'AttachInternetGateway',
        write('ec2.amazonaws.com', 'AttachInternetGateway'),
      ],
      [
        'CreateCustomerGateway',
        write('ec2.amazonaws.com', 'CreateCustomerGateway'),
      ],
    ],
    negative: [
      [
        'CreateNatGateway (not in the benchmark filter)',
        write('ec2.amazonaws.com', 'CreateNatGateway'),
      ],
    ],
  },
  {
    rule: routeTableChanges,
    positive: [
      ['CreateRoute', write('ec2.amazonaws.com', 'CreateRoute')],
      [
        'DisassociateRouteTable',
        write('ec2.amazonaws.com', 'DisassociateRouteTable'),
      ],
    ],
    negative: [
      [
        'DescribeRouteTables',
        cloudTrailRecord({ eventName: 'DescribeRouteTables' }),
      ],
      [
        'a CreateRoute of another service',
        write('apigateway.amazonaws.com', 'CreateRoute'),
      ],
    ],
  },
  {
    rule: vpcChanges,
    positive: [
      ['CreateVpc', write('ec2.amazonaws.com', 'CreateVpc')],
      [
        'AcceptVpcPeeringConnection',
        write('ec2.amazonaws.com', 'AcceptVpcPeeringConnection'),
      ],
      ['ModifyVpcAttribute', write('ec2.amazonaws.com', 'ModifyVpcAttribute')],
    ],
    negative: [['CreateSubnet', write('ec2.amazonaws.com', 'CreateSubnet')]],
  },
  {
    rule: organizationsChanges,
    positive: [
      ['CreateAccount', write('organizations.amazonaws.com', 'CreateAccount')],
      ['AttachPolicy', write('organizations.amazonaws.com', 'AttachPolicy')],
      [
        'LeaveOrganization',
        write('organizations.amazonaws.com', 'LeaveOrganization'),
      ],
    ],
    negative: [
      [
        'DescribeOrganization',
        cloudTrailRecord({
          eventSource: 'organizations.amazonaws.com',
          eventName: 'DescribeOrganization',
        }),
      ],
      [
        'IAM AttachPolicy-like call',
        write('iam.amazonaws.com', 'AttachRolePolicy'),
      ],
    ],
  },
];

describe.each(cases)(
  '$rule.cisControlId $rule.id',
  ({ rule, positive, negative }) => {
    it.each(positive)('matches %s', (_, record) => {
      expect(rule.matches(record)).toBe(true);
    });
    it.each(negative)('ignores %s', (_, record) => {
      expect(rule.matches(record)).toBe(false);
    });
  },
);

describe('detectionRules', () => {
  it('covers CIS AWS Foundations v3.0.0 monitoring controls 4.1 to 4.15, each once', () => {
    expect(detectionRules.map(rule => rule.cisControlId)).toEqual(
      Array.from({ length: 15 }, (_, index) => `4.${index + 1}`),
    );
    expect(cases.map(c => c.rule.id).sort()).toEqual(
      detectionRules.map(rule => rule.id).sort(),
    );
    expect(new Set(detectionRules.map(rule => rule.id)).size).toBe(15);
  });

  it('points every rule at a runbook of the repository', () => {
    const runbooks = path.resolve(__dirname, '../../../../runbooks');
    for (const rule of detectionRules) {
      expect(fs.existsSync(path.join(runbooks, `${rule.runbookId}.md`))).toBe(
        true,
      );
    }
  });

  it('gives a root user opening a security group both detections', () => {
    const record = write('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress', {
      userIdentity: identities.root,
    });
    expect(matchingRules(record).map(rule => rule.cisControlId)).toEqual([
      '4.3',
      '4.10',
    ]);
  });

  it('does not match an empty record of an unknown shape', () => {
    expect(
      matchingRules({
        eventID: 'x',
        eventTime: '',
        eventName: '',
        eventSource: '',
      }),
    ).toEqual([]);
  });
});
