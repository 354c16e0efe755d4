import { mockServices } from '@backstage/backend-test-utils';
import { AuditEventStore } from '../database/AuditEventStore';
import { createSources } from './createSources';

const store = {} as AuditEventStore;
const logger = mockServices.logger.mock();

function sources(data: object) {
  return createSources({
    config: mockServices.rootConfig({ data }),
    store,
    logger,
  }).map(s => s.id);
}

describe('createSources', () => {
  it('creates archive readers and one LookupEvents sync per account and region', () => {
    expect(
      sources({
        aws: {
          accounts: [
            { accountId: '111111111111', roleName: 'sparki-audit-reader' },
            { accountId: '222222222222', roleName: 'sparki-audit-reader' },
          ],
        },
        auditTrail: {
          archives: [
            { type: 'local', directory: '/tmp/cloudtrail' },
            {
              type: 's3',
              bucket: 'org-trail',
              prefix: 'cloudtrail/',
              region: 'eu-west-1',
            },
          ],
          lookupEvents: { regions: ['eu-west-1', 'us-east-1'] },
        },
      }),
    ).toEqual([
      'local:/tmp/cloudtrail',
      's3:org-trail/cloudtrail/',
      'lookup-events:111111111111:eu-west-1',
      'lookup-events:111111111111:us-east-1',
      'lookup-events:222222222222:eu-west-1',
      'lookup-events:222222222222:us-east-1',
    ]);
  });

  it('honours an explicit account list and the enabled flag', () => {
    expect(
      sources({
        auditTrail: {
          lookupEvents: {
            accountIds: ['333333333333'],
            regions: ['eu-west-1'],
          },
        },
      }),
    ).toEqual(['lookup-events:333333333333:eu-west-1']);
    expect(
      sources({
        auditTrail: {
          lookupEvents: {
            enabled: false,
            accountIds: ['333333333333'],
            regions: ['eu-west-1'],
          },
        },
      }),
    ).toEqual([]);
  });

  it('rejects configuration it cannot act on', () => {
    expect(() =>
      sources({ auditTrail: { lookupEvents: { regions: ['eu-west-1'] } } }),
    ).toThrow(/needs accountIds/);
    expect(() =>
      sources({ auditTrail: { archives: [{ type: 'ftp' }] } }),
    ).toThrow(/unknown type "ftp"/);
    expect(() =>
      sources({
        auditTrail: {
          lookupEvents: {
            accountIds: ['1'],
            regions: ['x'],
            initialLookbackDays: 120,
          },
        },
      }),
    ).toThrow(/from 0 to 90/);
    expect(() =>
      sources({ auditTrail: { archiveLimits: { maxAttempts: 0 } } }),
    ).toThrow(/archiveLimits.maxAttempts must be a whole number from 1/);
    expect(() =>
      sources({
        auditTrail: { archiveLimits: { maxDecompressedBytes: 2 ** 30 } },
      }),
    ).toThrow(
      /maxDecompressedBytes must be a whole number from 1 to 536870888/,
    );
  });
});
