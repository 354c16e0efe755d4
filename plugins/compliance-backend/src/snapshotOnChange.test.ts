import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import request from 'supertest';
import { compliancePlugin } from './plugin';
import { checkSourceModule } from './__testUtils__/checkSourceModule';

// Starts a test backend: an explicit limit, not jest's 5 s, on a loaded machine.
jest.setTimeout(60_000);

/** A posture-like source: the same result each time, read from a snapshot the test replaces. */
function rescannedSource() {
  const source: ComplianceCheckSource & { scan: number } = {
    scan: 1,
    id: 'test-posture',
    handles: (checkId: string) => checkId.startsWith('posture-control:'),
    async collect(): Promise<CheckSourceReport> {
      const observedAt = new Date().toISOString();
      return {
        results: [
          {
            checkId: 'posture-control:workload-host-pid',
            scope: { kind: 'cluster', id: 'sparki-prod' },
            state: 'pass',
            observedAt,
          },
        ],
        snapshots: [
          {
            source: 'test-posture',
            // Named by the time of reading, as some sources do: not a change by itself.
            id: `scan-${source.scan}-read-${observedAt}`,
            sha256: String(source.scan).repeat(64),
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
  const source = rescannedSource();
  const scheduler = mockServices.scheduler.mock();
  const { server } = await startTestBackend({
    features: [
      compliancePlugin,
      checkSourceModule('test-posture', source),
      mockServices.rootConfig.factory({
        data: { compliance: { cacheSeconds: 0 } },
      }),
      scheduler.factory,
    ],
  });
  const [task] = scheduler.scheduleTask.mock.calls[0];
  return {
    server,
    source,
    task,
    takeSnapshots: () => task.fn(new AbortController().signal),
  };
}

const asBob = mockCredentials.user.header('user:default/bob');

async function prodHistory(server: Parameters<typeof request>[0]) {
  const response = await request(server)
    .get('/api/compliance/history')
    .query({ framework: 'cis-kubernetes', scope: 'cluster:sparki-prod' })
    .set('Authorization', asBob);
  expect(response.status).toBe(200);
  return response.body.points as Array<{
    trigger: string;
    sources: Array<{ sha256: string }>;
  }>;
}

describe('score snapshots on change', () => {
  it('looks for changes every minute, once across replicas, starting soon after startup', async () => {
    const { task } = await startBackend();
    expect(task).toMatchObject({
      id: 'compliance-score-snapshots',
      scope: 'global',
      frequency: { seconds: 60 },
      initialDelay: { seconds: 10 },
    });
  });

  it("writes a snapshot when a source's data changed, even with the same figures", async () => {
    const { server, source, takeSnapshots } = await startBackend();
    await takeSnapshots();
    // Nothing new: nothing written (a reread under a new id is no change).
    await takeSnapshots();
    expect((await prodHistory(server)).map(p => p.trigger)).toEqual(['daily']);

    source.scan = 2;
    await takeSnapshots();
    const points = await prodHistory(server);
    expect(points.map(p => p.trigger)).toEqual(['daily', 'change']);
    expect(points[1].sources).toContainEqual(
      expect.objectContaining({ sha256: '2'.repeat(64) }),
    );
  });
});
