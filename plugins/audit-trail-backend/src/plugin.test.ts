import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import path from 'node:path';
import request from 'supertest';
import { auditTrailPlugin } from './plugin';
import { loadOpenApiContract } from './__testUtils__/openApiContract';

// Starts a test backend per test: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const samples = path.resolve(__dirname, '../../../examples/cloudtrail');
/** The day of the sample logs: exports cover a bounded window. */
const sampleDay = 'from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z';

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'aws-account-prod',
      namespace: 'default',
      annotations: { 'amazonaws.com/account-id': '333333333333' },
    },
    spec: { type: 'aws-account', owner: 'platform-team' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'sparki-db-dev',
      namespace: 'default',
      annotations: {
        'amazonaws.com/account-id': '111111111111',
        'amazonaws.com/arn': 'arn:aws:rds:eu-west-1:111111111111:db:sparki-dev',
      },
    },
    spec: { type: 'database', owner: 'platform-team' },
  },
];

async function startBackend(
  options: {
    permissions?: ReturnType<typeof mockServices.permissions.mock>;
    config?: { auditTrail?: object };
  } = {},
) {
  const auditor = mockServices.auditor.mock();
  const event = { success: jest.fn(), fail: jest.fn() };
  auditor.createEvent.mockResolvedValue(event);
  const { server } = await startTestBackend({
    features: [
      auditTrailPlugin,
      mockServices.rootConfig.factory({
        data: {
          auditTrail: {
            archives: [{ type: 'local', directory: samples }],
            ...options.config?.auditTrail,
          },
        },
      }),
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      catalogServiceMock.factory({ entities }),
      auditor.factory,
      ...(options.permissions ? [options.permissions.factory] : []),
    ],
  });
  return { server, auditor, event };
}

describe('audit-trail backend with the sample logs', () => {
  it('serves the sample events, newest first, with cursor pagination', async () => {
    const { server } = await startBackend();
    const first = await request(server).get('/api/audit-trail/events?limit=20');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(20);
    expect(first.body.items[0]).toMatchObject({
      eventName: 'RotateKey',
      accountId: '333333333333',
      region: 'eu-west-1',
    });
    const second = await request(server).get(
      `/api/audit-trail/events?limit=20&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items).toHaveLength(7);
    expect(second.body.nextCursor).toBeUndefined();
    const ids = [...first.body.items, ...second.body.items].map(e => e.eventId);
    expect(new Set(ids).size).toBe(27);

    const ingest = await request(server).get('/api/audit-trail/ingest-runs');
    expect(ingest.body.items).toEqual([
      expect.objectContaining({
        source: `local:${samples}`,
        status: 'succeeded',
        records: 27,
        inserted: 27,
        malformed: 0,
      }),
    ]);
  });

  it('filters events', async () => {
    const { server } = await startBackend();
    const denied = await request(server).get(
      '/api/audit-trail/events?accountId=111111111111&hasError=true',
    );
    expect(denied.body.items.map((e: any) => e.eventName).sort()).toEqual([
      'CreateUser',
      'HeadBucket',
      'TerminateInstances',
    ]);
    const byActor = await request(server).get(
      `/api/audit-trail/events?actor=${encodeURIComponent(
        'arn:aws:iam::333333333333:root',
      )}`,
    );
    expect(byActor.body.items.map((e: any) => e.eventName).sort()).toEqual([
      'ConsoleLogin',
      'ListAccessKeys',
    ]);
    const byResource = await request(server).get(
      `/api/audit-trail/events?resourceArn=${encodeURIComponent(
        'arn:aws:s3:::sparki-staging-assets',
      )}`,
    );
    expect(byResource.body.items.map((e: any) => e.eventName)).toEqual([
      'PutBucketPolicy',
    ]);
    const window = await request(server).get(
      '/api/audit-trail/events?from=2026-11-20T07:00:00Z&to=2026-11-20T08:00:00Z&readOnly=false',
    );
    expect(window.body.items.map((e: any) => e.eventName)).toEqual([
      'StartLogging',
      'StopLogging',
      'ConsoleLogin',
    ]);
  });

  it('counts events per hour', async () => {
    const { server } = await startBackend();
    const response = await request(server).get(
      '/api/audit-trail/events/counts?interval=day',
    );
    expect(response.body).toEqual({
      interval: 'day',
      buckets: [{ time: '2026-11-20T00:00:00.000Z', count: 27, errorCount: 5 }],
    });
    const hourly = await request(server).get(
      '/api/audit-trail/events/counts?accountId=333333333333',
    );
    expect(hourly.body.buckets).toEqual([
      { time: '2026-11-20T07:00:00.000Z', count: 4, errorCount: 0 },
      { time: '2026-11-20T18:00:00.000Z', count: 4, errorCount: 0 },
    ]);
  });

  it('lists the detections of the sample logs', async () => {
    const { server } = await startBackend();
    const response = await request(server).get(
      '/api/audit-trail/detections?limit=100',
    );
    expect(response.status).toBe(200);
    const controls = response.body.items.map((d: any) => d.cisControlId);
    expect(new Set(controls)).toEqual(
      new Set([
        '4.1',
        '4.2',
        '4.3',
        '4.4',
        '4.5',
        '4.6',
        '4.7',
        '4.8',
        '4.9',
        '4.10',
        '4.13',
      ]),
    );
    const critical = await request(server).get(
      '/api/audit-trail/detections?severity=critical',
    );
    expect(critical.body.items.map((d: any) => d.eventName)).toEqual([
      'StartLogging',
      'StopLogging',
      'ListAccessKeys',
      'ConsoleLogin',
    ]);
  });

  it('serves the rule catalogue', async () => {
    const { server } = await startBackend();
    const response = await request(server).get('/api/audit-trail/rules');
    expect(response.body.items).toHaveLength(15);
    expect(response.body.items[2]).toEqual(
      expect.objectContaining({
        id: 'root-account-usage',
        cisControlId: '4.3',
        runbookId: 'audit-trail-identity-misuse',
      }),
    );
  });

  it('maps events to catalog entities by account and by ARN', async () => {
    const { server } = await startBackend();
    const account = await request(server).get(
      '/api/audit-trail/entity-events?entityRef=resource:default/aws-account-prod',
    );
    expect(account.body.items).toHaveLength(8);
    const database = await request(server).get(
      '/api/audit-trail/entity-events?entityRef=resource:default/sparki-db-dev',
    );
    expect(database.body.items.map((e: any) => e.eventName)).toEqual([
      'ModifyDBInstance',
    ]);
    const missing = await request(server).get(
      '/api/audit-trail/entity-events?entityRef=resource:default/nope',
    );
    expect(missing.status).toBe(404);
  });

  it('streams exports as CSV and NDJSON and audits them', async () => {
    const { server, auditor, event } = await startBackend();
    const csv = await request(server).get(
      `/api/audit-trail/events/export?format=csv&accountId=222222222222&${sampleDay}`,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines[0]).toMatch(
      /^"eventId","eventTime","eventSource","eventName","accountId"/,
    );
    expect(lines).toHaveLength(10);
    const ndjson = await request(server).get(
      `/api/audit-trail/events/export?${sampleDay}`,
    );
    expect(
      ndjson.text
        .trim()
        .split('\n')
        .map(line => JSON.parse(line).eventId),
    ).toHaveLength(27);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'audit-trail-export',
        severityLevel: 'medium',
      }),
    );
    expect(event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({ format: 'csv', exported: 9 }),
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: {
        format: 'ndjson',
        from: '2026-11-20T00:00:00.000Z',
        to: '2026-11-21T00:00:00.000Z',
        exported: 27,
      },
    });
  });

  it('refuses exports beyond the limits and audits every refusal with its reason', async () => {
    const { server, event } = await startBackend({
      config: { auditTrail: { export: { maxWindowDays: 2, maxRows: 20 } } },
    });
    const refusals: Array<[string, number, string]> = [
      [
        'from=2026-11-01T00:00:00Z&to=2026-11-21T00:00:00Z',
        400,
        'window-too-large',
      ],
      [sampleDay, 400, 'too-many-rows'],
      [`format=xml&${sampleDay}`, 400, 'invalid-query'],
    ];
    for (const [query, status, refused] of refusals) {
      event.fail.mockClear();
      const response = await request(server).get(
        `/api/audit-trail/events/export?${query}`,
      );
      expect(response.status).toBe(status);
      expect(response.body.error.message).toBeTruthy();
      expect(event.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: 'InputError' }),
        meta: { refused },
      });
    }
    const accepted = await request(server).get(
      `/api/audit-trail/events/export?accountId=333333333333&${sampleDay}`,
    );
    expect(accepted.status).toBe(200);

    const denied = await startBackend({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    const forbidden = await request(denied.server).get(
      `/api/audit-trail/events/export?${sampleDay}`,
    );
    expect(forbidden.status).toBe(403);
    expect(denied.auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'audit-trail-export' }),
    );
    expect(denied.event.fail).toHaveBeenCalledWith({
      error: expect.objectContaining({ name: 'NotAllowedError' }),
      meta: { refused: 'permission-denied' },
    });
  });

  it('rejects bad input with 400', async () => {
    const { server } = await startBackend();
    for (const query of [
      'from=yesterday',
      'limit=0',
      'accountId=123',
      'cursor=notacursor',
      'hasError=maybe',
      'from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z',
    ]) {
      const response = await request(server).get(
        `/api/audit-trail/events?${query}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
    }
    const format = await request(server).get(
      '/api/audit-trail/events/export?format=xml',
    );
    expect(format.status).toBe(400);
  });

  it('requires authentication and audit-trail.read', async () => {
    const { server } = await startBackend({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    const anonymous = await request(server)
      .get('/api/audit-trail/events')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
    const denied = await request(server)
      .get('/api/audit-trail/events')
      .set('Authorization', mockCredentials.user.header());
    expect(denied.status).toBe(403);
    const exportDenied = await request(server)
      .get('/api/audit-trail/events/export')
      .set('Authorization', mockCredentials.user.header());
    expect(exportDenied.status).toBe(403);
  });

  it('answers as openapi.yaml describes', async () => {
    const problems = await loadOpenApiContract();
    const { server } = await startBackend();
    const api = '/api/audit-trail';
    const checks: Array<[string, string, number]> = [
      ['/events?limit=5', '/events', 200],
      ['/events?hasError=true', '/events', 200],
      ['/events/counts?interval=day', '/events/counts', 200],
      [
        '/entity-events?entityRef=resource:default/sparki-db-dev',
        '/entity-events',
        200,
      ],
      [
        '/entity-events?entityRef=resource:default/aws-account-prod&limit=2',
        '/entity-events',
        200,
      ],
      ['/detections', '/detections', 200],
      ['/rules', '/rules', 200],
      ['/ingest-runs', '/ingest-runs', 200],
      ['/events?limit=0', '/events', 400],
      ['/events/counts?interval=week', '/events/counts', 400],
      ['/events/export?format=xml', '/events/export', 400],
      ['/entity-events', '/entity-events', 400],
      ['/entity-events?entityRef=resource:default/nope', '/entity-events', 404],
      ['/detections?severity=urgent', '/detections', 400],
    ];
    for (const [url, route, status] of checks) {
      const response = await request(server).get(`${api}${url}`);
      expect(response.status).toBe(status);
      expect(problems('get', route, status, response.body)).toEqual([]);
    }

    const denied = await startBackend({
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.DENY }],
      }),
    });
    for (const route of [
      '/events',
      '/events/counts',
      '/events/export',
      '/entity-events',
      '/detections',
      '/rules',
      '/ingest-runs',
    ]) {
      const anonymous = await request(server)
        .get(`${api}${route}`)
        .set('Authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);
      expect(problems('get', route, 401, anonymous.body)).toEqual([]);
      const forbidden = await request(denied.server).get(`${api}${route}`);
      expect(forbidden.status).toBe(403);
      expect(problems('get', route, 403, forbidden.body)).toEqual([]);
    }
  });

  it('refuses to start with a retention that would delete everything', async () => {
    await expect(
      startTestBackend({
        features: [
          auditTrailPlugin,
          mockServices.rootConfig.factory({
            data: { auditTrail: { retentionDays: 0 } },
          }),
          catalogServiceMock.factory({ entities }),
        ],
      }),
    ).rejects.toThrow(/retentionDays must be a whole number of days >= 1/);
  });
});
