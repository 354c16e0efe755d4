import { CloudTrailRecord, CloudTrailUserIdentity } from '../types';

/** Identities as CloudTrail writes them, one per `userIdentity.type` the rules care about. */
export const identities = {
  root: {
    type: 'Root',
    principalId: '111111111111',
    arn: 'arn:aws:iam::111111111111:root',
    accountId: '111111111111',
    accessKeyId: 'ASIAEXAMPLEROOT00001',
  },
  iamUser: {
    type: 'IAMUser',
    principalId: 'AIDAEXAMPLEALICE0001',
    arn: 'arn:aws:iam::111111111111:user/alice',
    accountId: '111111111111',
    accessKeyId: 'AKIAEXAMPLEALICE0001',
    userName: 'alice',
  },
  assumedRole: {
    type: 'AssumedRole',
    principalId: 'AROAEXAMPLEDEPLOY001:terraform-run-42',
    arn: 'arn:aws:sts::111111111111:assumed-role/sparki-deployer/terraform-run-42',
    accountId: '111111111111',
    accessKeyId: 'ASIAEXAMPLEDEPLOY001',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAEXAMPLEDEPLOY001',
        arn: 'arn:aws:iam::111111111111:role/sparki-deployer',
        accountId: '111111111111',
        userName: 'sparki-deployer',
      },
      attributes: {
        creationDate: '2026-11-20T09:00:00Z',
        mfaAuthenticated: 'false',
      },
    },
  },
  awsService: {
    type: 'AWSService',
    invokedBy: 'cloudtrail.amazonaws.com',
  },
} satisfies Record<string, CloudTrailUserIdentity>;

let sequence = 0;

/** A management event as CloudTrail delivers it to S3; override any field. */
export function cloudTrailRecord(
  overrides: Partial<CloudTrailRecord> = {},
): CloudTrailRecord {
  sequence += 1;
  return {
    eventVersion: '1.09',
    userIdentity: identities.assumedRole,
    eventTime: '2026-11-20T10:15:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'eu-west-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${sequence}`,
    eventID: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111111111111',
    eventCategory: 'Management',
    ...overrides,
  };
}

/** A ConsoleLogin record (sign-in events are global, logged in us-east-1). */
export function consoleLogin(options: {
  identity: CloudTrailUserIdentity;
  outcome: 'Success' | 'Failure';
  mfaUsed?: 'Yes' | 'No';
  eventVersion?: string;
}): CloudTrailRecord {
  return cloudTrailRecord({
    eventVersion: options.eventVersion ?? '1.08',
    userIdentity: options.identity,
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    awsRegion: 'us-east-1',
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0',
    readOnly: false,
    responseElements: { ConsoleLogin: options.outcome },
    additionalEventData: {
      LoginTo: 'https://console.aws.amazon.com/console/home',
      MobileVersion: 'No',
      ...(options.mfaUsed ? { MFAUsed: options.mfaUsed } : {}),
    },
    ...(options.outcome === 'Failure'
      ? { errorMessage: 'Failed authentication' }
      : {}),
  });
}
