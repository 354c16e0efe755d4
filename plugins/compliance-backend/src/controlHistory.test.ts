import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { RawCheckResult } from '@sparki/compliance-common';
import {
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import request from 'supertest';
import { loadOpenApiContract } from './__testUtils__/openApiContract';
import { compliancePlugin } from './plugin';
import { checkSourceModule } from './__testUtils__/checkSourceModule';

// Starts a test backend: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

const hostPid = 'posture-control:workload-host-pid';
const controlUrl =
  '/api/compliance/frameworks/cis-kubernetes/controls/5.2.3/history';

/** CIS 5.2.3 (host PID) in sparki-prod and sparki-dev; its state in prod is set by the test. */
function switchableSource() {
  const source: ComplianceCheckSource & { prodState: RawCheckResult['state'] } =
    {
      prodState: 'fail',
      id: 'test-source',
      handles: (checkId: string) => checkId.startsWith('posture-control:'),
      async collect(): Promise<CheckSourceReport> {
        const observedAt = new Date().toISOString();
        const result = (id: string, state: RawCheckResult['state']) => ({
          checkId: hostPid,
          scope: { kind: 'cluster' as const, id },
          state,
          observedAt,
        });
        return {
          results: [
            result('sparki-prod', source.prodState),
            result('sparki-dev', 'pass'),
          ],
          snapshots: [
            {
              source: 'test-source',
              id: `test:${source.prodState}`,
              sha256: (source.prodState === 'fail' ? 'a' : 'b').repeat(64),
              takenAt: observedAt,
            },
          ],
          problems: [],
        };
      },
    };
  return source;
}

async function startBackend() {
  const source = switchableSource();
  const scheduler = mockServices.scheduler.mock();
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      checkSourceModule('test-source', source),
      mockServices.rootConfig.factory({
        data: { compliance: { cacheSeconds: 0 } },
      }),
      scheduler.factory,
    ],
  });
  const [{ fn: snapshotTask }] = scheduler.scheduleTask.mock.calls[0];
  return {
    server,
    source,
    takeSnapshots: () => snapshotTask(new AbortController().signal),
  };
}

const asBob = mockCredentials.user.header('user:default/bob');

describe('GET /frameworks/:fw/controls/:control/history', () => {
  it("reads one control's states from the stored snapshots, per scope and over every scope", async () => {
    const contract = await loadOpenApiContract();
    const { server, source, takeSnapshots } = await startBackend();
    await takeSnapshots();
    const between = new Date().toISOString();
    source.prodState = 'pass';
    await takeSnapshots();

    const prod = await request(server)
      .get(controlUrl)
      .query({ scope: 'cluster:sparki-prod' })
      .set('Authorization', asBob);
    expect(prod.status).toBe(200);
    expect(
      contract(
        'get',
        '/frameworks/{frameworkId}/controls/{controlId}/history',
        200,
        prod.body,
      ),
    ).toEqual([]);
    expect(prod.body).toMatchObject({
      frameworkId: 'cis-kubernetes',
      controlId: '5.2.3',
      scope: { kind: 'cluster', id: 'sparki-prod' },
    });
    expect(
      prod.body.points.map((p: any) => [p.trigger, p.status, p.checks]),
    ).toEqual([
      ['daily', 'failing', [{ checkId: hostPid, state: 'fail' }]],
      ['change', 'satisfied', [{ checkId: hostPid, state: 'pass' }]],
    ]);
    expect(prod.body.points[1]).toMatchObject({
      methodVersion: '1',
      frameworkVersion: '1.12.0',
      progress: { operational: 1, audit: 1 },
      sources: [expect.objectContaining({ id: 'test:pass' })],
    });

    // sparki-dev's result did not change, but the source snapshot it was computed from did.
    const dev = await request(server)
      .get(controlUrl)
      .query({ scope: 'cluster:sparki-dev' })
      .set('Authorization', asBob);
    expect(dev.body.points.map((p: any) => [p.trigger, p.status])).toEqual([
      ['daily', 'satisfied'],
      ['change', 'satisfied'],
    ]);

    // Over every scope the worst result counts; `to` ends the period.
    const rollUp = await request(server)
      .get(controlUrl)
      .query({ to: between })
      .set('Authorization', asBob);
    expect(rollUp.body.scope).toBeUndefined();
    expect(rollUp.body.points.map((p: any) => p.status)).toEqual(['failing']);

    const later = await request(server)
      .get(controlUrl)
      .query({ scope: 'cluster:sparki-prod', from: between })
      .set('Authorization', asBob);
    expect(later.body.points.map((p: any) => p.status)).toEqual(['satisfied']);
  });

  it('answers 404 for an unknown framework or control, 400 for a bad query, 401 without a token', async () => {
    const { server } = await startBackend();
    const unknownControl = await request(server)
      .get('/api/compliance/frameworks/cis-kubernetes/controls/9.9.9/history')
      .set('Authorization', asBob);
    expect(unknownControl.status).toBe(404);
    expect(unknownControl.body.error.message).toBe(
      'no control 9.9.9 in cis-kubernetes',
    );
    await request(server)
      .get('/api/compliance/frameworks/nope/controls/5.2.3/history')
      .set('Authorization', asBob)
      .expect(404);
    for (const query of [
      { scope: 'planet:earth' },
      { from: 'yesterday' },
      { limit: 0 },
      { framework: 'cis-kubernetes' },
    ]) {
      const bad = await request(server)
        .get(controlUrl)
        .query(query)
        .set('Authorization', asBob);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^Invalid query: /);
    }
    await request(server)
      .get(controlUrl)
      .set('Authorization', mockCredentials.user.invalidHeader())
      .expect(401);
  });
});
