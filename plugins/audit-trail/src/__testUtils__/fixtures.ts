import type {
  AuditEvent,
  Detection,
  DetectionRuleMetadata,
  IngestRun,
} from '@sparki/audit-trail-common';
import { AuditTrailApi } from '../api/AuditTrailApi';

export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  const base = {
    eventId: 'e-1',
    eventTime: '2026-11-20T07:31:00.000Z',
    eventName: 'StopLogging',
    eventSource: 'cloudtrail.amazonaws.com',
    accountId: '333333333333',
    region: 'eu-west-1',
    actorArn: 'arn:aws:iam::333333333333:user/mallory',
    actorType: 'IAMUser',
    actorName: 'mallory',
    sourceIp: '203.0.113.7',
    resources: [],
    ...overrides,
  };
  return {
    ...base,
    raw: {
      eventID: base.eventId,
      eventTime: base.eventTime,
      eventName: base.eventName,
      eventSource: base.eventSource,
    },
  };
}

export const rules: DetectionRuleMetadata[] = [
  {
    id: 'cloudtrail-config-changes',
    title: 'CloudTrail configuration changes',
    cisControlId: '4.5',
    securityHubControlId: 'CloudWatch.5',
    severity: 'high',
    runbookId: 'audit-trail-logging-tampering',
    metricFilterPattern: '{ ($.eventName = StopLogging) }',
  },
];

export const detections: Detection[] = [
  {
    eventId: 'e-1',
    ruleId: 'cloudtrail-config-changes',
    cisControlId: '4.5',
    severity: 'high',
    eventTime: '2026-11-20T07:31:00.000Z',
    accountId: '333333333333',
    region: 'eu-west-1',
    eventName: 'StopLogging',
    actorArn: 'arn:aws:iam::333333333333:user/mallory',
  },
];

export const ingestRuns: IngestRun[] = [
  {
    source: 'local:/examples/cloudtrail',
    startedAt: '2026-11-20T08:00:00.000Z',
    finishedAt: '2026-11-20T08:00:02.000Z',
    status: 'succeeded',
    records: 27,
    inserted: 27,
    duplicates: 0,
    malformed: 0,
  },
];

/** An API whose every method is a jest mock answering with the fixtures above. */
export function mockAuditTrailApi(
  overrides: Partial<jest.Mocked<AuditTrailApi>> = {},
): jest.Mocked<AuditTrailApi> {
  return {
    searchEvents: jest.fn().mockResolvedValue({ items: [auditEvent()] }),
    getEntityEvents: jest.fn().mockResolvedValue({
      items: [auditEvent()],
      scope: { accountIds: ['333333333333'], arns: [] },
    }),
    countEvents: jest.fn().mockResolvedValue([
      { time: '2026-11-20T07:00:00.000Z', count: 5, errorCount: 1 },
      { time: '2026-11-20T08:00:00.000Z', count: 2, errorCount: 0 },
    ]),
    listDetections: jest.fn().mockResolvedValue({ items: detections }),
    listRules: jest.fn().mockResolvedValue(rules),
    listIngestRuns: jest.fn().mockResolvedValue(ingestRuns),
    exportEvents: jest.fn().mockResolvedValue(new Blob(['eventId\ne-1\n'])),
    ...overrides,
  };
}
