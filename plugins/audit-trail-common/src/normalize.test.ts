import { normalizeRecord } from './normalize';
import {
  cloudTrailRecord,
  consoleLogin,
  identities,
} from './__testUtils__/records';
import { detect } from './detect';

describe('normalizeRecord', () => {
  it('replaces NUL and unpaired surrogates, which PostgreSQL text cannot hold, in the columns only', () => {
    const record = cloudTrailRecord({
      eventName: 'Get\u0000Object',
      userAgent: 'curl/8\u0000 \ud800 ok \ud83d\ude80 \udc00',
      errorMessage: '\u0000',
    });
    const result = normalizeRecord(record);
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toMatchObject({
      eventName: 'Get\uFFFDObject',
      userAgent: 'curl/8\uFFFD \uFFFD ok \ud83d\ude80 \uFFFD',
      errorMessage: '\uFFFD',
    });
    expect(result.event.raw.userAgent).toBe(record.userAgent);
  });

  it('maps an assumed-role call to its role and session', () => {
    const record = cloudTrailRecord({
      eventName: 'RunInstances',
      readOnly: false,
      errorCode: 'Client.UnauthorizedOperation',
      resources: [
        {
          ARN: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc',
          type: 'AWS::EC2::Instance',
        },
        { ARN: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc' },
      ],
    });
    const result = normalizeRecord(record);
    expect(result).toEqual({
      ok: true,
      event: expect.objectContaining({
        eventId: record.eventID,
        eventTime: '2026-11-20T10:15:00.000Z',
        accountId: '111111111111',
        region: 'eu-west-1',
        actorArn: 'arn:aws:iam::111111111111:role/sparki-deployer',
        actorType: 'AssumedRole',
        actorName: 'terraform-run-42',
        errorCode: 'Client.UnauthorizedOperation',
        readOnly: false,
        resources: [
          {
            arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-0abc',
            type: 'AWS::EC2::Instance',
          },
        ],
        raw: record,
      }),
    });
  });

  it.each([
    ['root', identities.root, 'arn:aws:iam::111111111111:root', 'root'],
    [
      'an IAM user',
      identities.iamUser,
      'arn:aws:iam::111111111111:user/alice',
      'alice',
    ],
    [
      'an AWS service',
      identities.awsService,
      'cloudtrail.amazonaws.com',
      'cloudtrail.amazonaws.com',
    ],
  ])('names %s', (_, identity, arn, name) => {
    const result = normalizeRecord(
      cloudTrailRecord({ userIdentity: identity }),
    );
    expect(
      result.ok && [result.event.actorArn, result.event.actorName],
    ).toEqual([arn, name]);
  });

  it.each([
    ['a string', 'hello', 'record is not a JSON object'],
    [
      'a record without eventID',
      { ...cloudTrailRecord(), eventID: undefined },
      'record has no eventID',
    ],
    [
      'a record with a bad time',
      cloudTrailRecord({ eventTime: 'yesterday' }),
      'eventTime "yesterday" is not a date',
    ],
    [
      'a record without account',
      {
        ...cloudTrailRecord({ userIdentity: identities.awsService }),
        recipientAccountId: undefined,
      },
      'record has no recipientAccountId',
    ],
  ])('rejects %s', (_, input, reason) => {
    expect(normalizeRecord(input)).toEqual({ ok: false, reason });
  });
});

describe('detect', () => {
  it('reports event, rule, control and severity', () => {
    const result = normalizeRecord(
      consoleLogin({
        identity: identities.root,
        outcome: 'Success',
        mfaUsed: 'No',
      }),
    );
    if (!result.ok) throw new Error(result.reason);
    expect(detect(result.event)).toEqual([
      expect.objectContaining({
        eventId: result.event.eventId,
        ruleId: 'root-account-usage',
        cisControlId: '4.3',
        severity: 'critical',
        region: 'us-east-1',
      }),
    ]);
  });
});
