import { AuditEvent, normalizeRecord } from '@sparki/audit-trail-common';

/** A stored-shape event built from a CloudTrail record, for store tests and benchmarks. */
export function auditEvent(
  index: number,
  overrides: Record<string, unknown> = {},
): AuditEvent {
  const accounts = ['111111111111', '222222222222', '333333333333'];
  const names = [
    'DescribeInstances',
    'GetObject',
    'AssumeRole',
    'PutObject',
    'CreateTags',
  ];
  const account = accounts[index % accounts.length];
  const result = normalizeRecord({
    eventVersion: '1.10',
    eventID: `evt-${String(index).padStart(9, '0')}`,
    eventTime: new Date(Date.UTC(2026, 10, 1) + index * 1000).toISOString(),
    eventName: names[index % names.length],
    eventSource: 'ec2.amazonaws.com',
    awsRegion: 'eu-west-1',
    recipientAccountId: account,
    sourceIPAddress: `10.0.${index % 250}.${index % 200}`,
    userAgent: 'aws-sdk-go-v2/1.32.2',
    readOnly: index % 2 === 0,
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${account}:assumed-role/app-${index % 50}/session-${
        index % 7
      }`,
      accountId: account,
      sessionContext: {
        sessionIssuer: {
          type: 'Role',
          arn: `arn:aws:iam::${account}:role/app-${index % 50}`,
          userName: `app-${index % 50}`,
        },
      },
    },
    ...(index % 10 === 0 ? { errorCode: 'AccessDenied' } : {}),
    resources: [
      {
        ARN: `arn:aws:ec2:eu-west-1:${account}:instance/i-${index % 1000}`,
        type: 'AWS::EC2::Instance',
      },
    ],
    ...overrides,
  });
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}
