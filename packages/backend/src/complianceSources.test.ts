import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import auditTrailPlugin from '@sparki/audit-trail-backend';
import securityPosturePlugin from '@sparki/security-posture-backend';
import { resolve } from 'node:path';
import request from 'supertest';
import compliancePlugin from '@sparki/compliance-backend';

// Three plugins, a scan of the demo manifests and an ingestion of the sample logs.
jest.setTimeout(180_000);

const repoRoot = resolve(__dirname, '../../..');

describe('compliance check sources against the real posture and audit-trail backends', () => {
  it('scores the demo cluster from its posture snapshot and the sample accounts from the audit trail', async () => {
    const scheduler = mockServices.scheduler.mock();
    // An acknowledgement triggers the compliance snapshot task.
    scheduler.triggerTask.mockResolvedValue(undefined);
    const { server } = await startTestBackend({
      features: [
        securityPosturePlugin,
        auditTrailPlugin,
        compliancePlugin,
        // An empty catalog: the catalog facts source reads it, and judges nothing.
        catalogServiceMock.factory({ entities: [] }),
        scheduler.factory,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              scanOnStartup: false,
              clusters: [
                {
                  name: 'sparki-dev',
                  type: 'manifests',
                  directory: resolve(repoRoot, 'examples/clusters/demo'),
                },
              ],
            },
            auditTrail: {
              archives: [
                {
                  type: 'local',
                  directory: resolve(repoRoot, 'examples/cloudtrail'),
                },
              ],
            },
            compliance: {
              cacheSeconds: 0,
              auditTrail: {
                accounts: [
                  { accountId: '333333333333', regions: ['eu-west-1'] },
                ],
                // The samples are from November 2026: a window that holds them.
                periodDays: 3650,
                maxGapHours: 24 * 3650,
                alertedSeverities: ['critical', 'high'],
              },
            },
          },
        }),
      ],
    });
    for (const [task] of scheduler.scheduleTask.mock.calls) {
      if (task.id.startsWith('audit-trail-ingest:')) {
        await task.fn(new AbortController().signal);
      }
    }
    await request(server)
      .post('/api/security-posture/scans')
      .set('Authorization', mockCredentials.user.header())
      .send({ cluster: 'sparki-dev' })
      .expect(201);

    const overview = await request(server)
      .get('/api/compliance/overview')
      .set('Authorization', mockCredentials.user.header());
    expect(overview.status).toBe(200);
    // No deployments backend in this one: the deploy source says so, and its checks stay unknown.
    expect(overview.body.problems).toEqual([
      {
        source: 'deploy',
        message:
          'deployments API not readable: deployments GET /requests answered 404',
      },
    ]);
    const scopesOf = (id: string) =>
      overview.body.frameworks
        .find((f: any) => f.framework.id === id)
        .scopes.map((s: any) => s.scope);
    expect(scopesOf('cis-kubernetes')).toEqual([
      { kind: 'cluster', id: 'sparki-dev' },
    ]);
    expect(scopesOf('cis-aws-foundations')).toEqual([
      { kind: 'account', id: '333333333333/eu-west-1' },
    ]);
    expect(overview.body.sources.map((s: any) => s.source).sort()).toEqual([
      'attestations',
      'audit-trail',
      'catalog',
      'detections-reviewed',
      'posture',
    ]);

    // The demo cluster runs privileged containers on purpose: CIS 5.2.2 fails there, and the
    // failing objects come from the posture findings.
    const control = await request(server)
      .get('/api/compliance/frameworks/cis-kubernetes/controls/5.2.2')
      .set('Authorization', mockCredentials.user.header());
    expect(control.body.results).toEqual([
      expect.objectContaining({
        scope: { kind: 'cluster', id: 'sparki-dev' },
        state: 'fail',
      }),
    ]);
    const resources = await request(server)
      .get(
        '/api/compliance/frameworks/cis-kubernetes/controls/5.2.2/resources?checkId=posture-control:workload-privileged-containers&scope=cluster:sparki-dev',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(resources.body.supported).toBe(true);
    expect(resources.body.items.length).toBeGreaterThan(0);

    // Root usage is critical and alerted on; the samples hold a root sign-in in 333333333333.
    const root = await request(server)
      .get(
        '/api/compliance/frameworks/cis-aws-foundations/controls/4.3?scope=account:333333333333/eu-west-1',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(root.body.results).toEqual([
      expect.objectContaining({ state: 'pass' }),
    ]);
    const detections = await request(server)
      .get(
        '/api/compliance/frameworks/cis-aws-foundations/controls/4.3/resources?checkId=audit-trail:root-account-usage&scope=account:333333333333/eu-west-1',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(detections.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'CloudTrailEvent' }),
      ]),
    );

    // The samples are of 2026-11-20: their critical detections are overdue for triage until an
    // auditor acknowledges each event with a note.
    const reviewed = () =>
      request(server)
        .get(
          '/api/compliance/frameworks/production-hardening/controls/security.detections-reviewed?scope=account:333333333333',
        )
        .set('Authorization', mockCredentials.user.header());
    expect((await reviewed()).body.results).toEqual([
      expect.objectContaining({
        state: 'fail',
        message: expect.stringContaining('root-account-usage'),
      }),
    ]);
    const untriaged = await request(server)
      .get(
        '/api/compliance/frameworks/production-hardening/controls/security.detections-reviewed/resources?checkId=audit-trail:detections-reviewed&scope=account:333333333333',
      )
      .set('Authorization', mockCredentials.user.header());
    expect(untriaged.body.items.length).toBeGreaterThan(0);
    const events = new Map<string, string>(
      untriaged.body.items.map((item: any) => [
        item.ref.id,
        item.evidence.ruleId,
      ]),
    );
    for (const [eventId, ruleId] of events) {
      await request(server)
        .post(`/api/compliance/detections/${eventId}/acknowledge`)
        .set('Authorization', mockCredentials.user.header())
        .send({ ruleId, note: 'Reviewed: the break-glass drill of 2026-11-20' })
        .expect(201);
    }
    expect((await reviewed()).body.results).toEqual([
      expect.objectContaining({
        state: 'pass',
        population: { applicable: events.size, failing: 0 },
      }),
    ]);
  });
});
