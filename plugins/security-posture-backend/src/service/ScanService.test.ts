import path from 'node:path';
import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Attributes, Meter } from '@opentelemetry/api';
import { Knex } from 'knex';
import { PostureOptions } from '../config/clusters';
import { KnexPostureStore } from '../store/KnexPostureStore';
import { startFakeKubeApiServer } from '@sparki/fake-kube-api';
import { createCommonEngine } from './commonEngine';
import { PostureMetrics } from './metrics';
import { QueryService } from './QueryService';
import { ScanService } from './ScanService';

jest.setTimeout(60_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);
const fixtureDir = path.resolve(__dirname, '../__fixtures__/cluster');

/** A meter that keeps what the instruments record, and lets the test collect the gauges. */
function recordingMeter() {
  const recorded: Array<{
    instrument: string;
    value: number;
    attributes?: Attributes;
  }> = [];
  const gauges = new Map<
    string,
    (result: { observe(value: number, attributes?: Attributes): void }) => void
  >();
  const meter = {
    createHistogram: (instrument: string) => ({
      record: (value: number, attributes?: Attributes) =>
        recorded.push({ instrument, value, attributes }),
    }),
    createCounter: (instrument: string) => ({
      add: (value: number, attributes?: Attributes) =>
        recorded.push({ instrument, value, attributes }),
    }),
    createObservableGauge: (instrument: string) => ({
      addCallback: (callback: any) => gauges.set(instrument, callback),
    }),
  } as unknown as Meter;
  const collect = (instrument: string) => {
    const observed: Array<{ value: number; attributes?: Attributes }> = [];
    gauges.get(instrument)!({
      observe: (value, attributes) => observed.push({ value, attributes }),
    });
    return observed;
  };
  return { meter, recorded, collect };
}

async function createService(
  databaseId: TestDatabaseId,
  clusters: PostureOptions['clusters'],
  now = () => new Date(),
  sharedKnex?: Knex,
) {
  const knex = sharedKnex ?? (await databases.init(databaseId));
  const store = await KnexPostureStore.create(
    mockServices.database({ knex, migrations: { skip: false } }),
  );
  const { meter, recorded, collect } = recordingMeter();
  const options: PostureOptions = {
    clusters,
    schedule: {
      frequency: { hours: 1 },
      timeout: { minutes: 5 },
      scope: 'global',
    },
    scanOnStartup: false,
    // Only a never-answering server reaches it; the local fake answers well within it.
    requestTimeoutMs: 60_000,
    pageSize: 500,
    skipNamespaces: [],
    retentionDays: 30,
    unsupported: [],
  };
  const scans = new ScanService({
    options,
    store,
    engine: createCommonEngine(),
    metrics: new PostureMetrics(meter),
    logger: mockServices.logger.mock(),
    now,
  });
  return {
    knex,
    scans,
    store,
    queries: new QueryService(store, scans),
    recorded,
    collect,
  };
}

describe.each(databases.eachSupportedId())('ScanService on %s', databaseId => {
  it('refuses a second scan of a cluster while one runs, and unknown clusters', async () => {
    const { scans } = await createService(databaseId, [
      { type: 'manifests', name: 'sparki-dev', directory: fixtureDir },
    ]);
    const first = scans.scanCluster('sparki-dev');
    expect(scans.isScanning('sparki-dev')).toBe(true);
    await expect(scans.scanCluster('sparki-dev')).rejects.toBeInstanceOf(
      ConflictError,
    );
    await first;
    expect(scans.isScanning('sparki-dev')).toBe(false);
    await expect(scans.scanCluster('nope')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('keeps scanning other clusters when one fails, and counts the failure', async () => {
    const { scans, store, recorded } = await createService(databaseId, [
      {
        type: 'manifests',
        name: 'broken',
        directory: path.join(fixtureDir, 'missing'),
      },
      { type: 'manifests', name: 'sparki-dev', directory: fixtureDir },
    ]);
    await scans.scanAll();
    expect((await store.latestSnapshots()).map(s => s.cluster)).toEqual([
      'sparki-dev',
    ]);
    expect(recorded).toContainEqual({
      instrument: 'security_posture.scan.errors',
      value: 1,
      attributes: { cluster: 'broken', reason: 'scan-failed' },
    });
    expect(recorded).toContainEqual(
      expect.objectContaining({
        instrument: 'security_posture.scan.duration',
        attributes: { cluster: 'sparki-dev', outcome: 'complete' },
      }),
    );
  });

  it('reports the latest scores and failing resources as gauges', async () => {
    const { scans, collect } = await createService(databaseId, [
      { type: 'manifests', name: 'sparki-dev', directory: fixtureDir },
    ]);
    const snapshot = await scans.scanCluster('sparki-dev');
    expect(collect('security_posture.cluster.score')).toEqual([
      { value: snapshot.score, attributes: { cluster: 'sparki-dev' } },
    ]);
    expect(
      collect('security_posture.framework.score').map(
        o => o.attributes?.framework,
      ),
    ).toContain('rbac');
    const namespaces = collect('security_posture.namespace.score');
    expect(namespaces).toContainEqual({
      value: expect.any(Number),
      attributes: { cluster: 'sparki-dev', namespace: 'web', framework: 'all' },
    });
    const failing = collect('security_posture.control.failing_resources');
    expect(failing.some(o => o.value > 0)).toBe(true);
    expect(failing.reduce((sum, o) => sum + o.value, 0)).toBeLessThanOrEqual(
      snapshot.findingCount,
    );
  });

  it('serves what-if from the inventory stored by the latest scan, on any instance', async () => {
    const clusters: PostureOptions['clusters'] = [
      { type: 'manifests', name: 'sparki-dev', directory: fixtureDir },
    ];
    let now = new Date('2026-01-01T00:00:00.000Z');
    const scanner = await createService(databaseId, clusters, () => now);
    const error = await scanner.queries
      .whatIfInventory('sparki-dev')
      .catch(e => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toMatch(/no stored inventory yet/);
    await expect(
      scanner.queries.whatIfInventory('nope'),
    ).rejects.toBeInstanceOf(NotFoundError);

    await scanner.scans.scanCluster('sparki-dev');
    now = new Date('2026-01-02T00:00:00.000Z');
    const latest = await scanner.scans.scanCluster('sparki-dev');

    // A replica that never scanned (or this backend after a restart) reads the same inventory.
    const replica = await createService(
      databaseId,
      clusters,
      () => new Date(),
      scanner.knex,
    );
    const inventory = await replica.queries.whatIfInventory('sparki-dev');
    expect(inventory.collectedAt).toBe(latest.collectedAt);
    expect(inventory.objects.pods.length).toBeGreaterThan(0);
    expect(inventory.objects.namespaces.map(n => n.metadata.name)).toContain(
      'web',
    );
    // The whole inventory is stored: the object drill-down serves RBAC objects too.
    expect(inventory.objects.rolebindings.map(b => b.metadata.name)).toContain(
      'everything',
    );
  });

  it('refuses what-if on a scan that could not list pods', async () => {
    const token = 'scanner-token';
    const kubeApi = await startFakeKubeApiServer({
      objects: {},
      token,
      failures: { pods: 403 },
    });
    try {
      const { scans, queries } = await createService(databaseId, [
        {
          type: 'api',
          name: 'sparki-api',
          url: kubeApi.url,
          skipTLSVerify: true,
          auth: { provider: 'serviceAccount', token },
        },
      ]);
      const snapshot = await scans.scanCluster('sparki-api');
      expect(snapshot.partial).toBe(true);
      const error = await queries.whatIfInventory('sparki-api').catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toMatch(
        new RegExp(
          `snapshot ${snapshot.id}\\) could not list pods \\(HTTP 403`,
        ),
      );
    } finally {
      await kubeApi.close();
    }
  });

  it('applies retention after scheduled scans', async () => {
    let now = new Date('2026-01-01T00:00:00.000Z');
    const { scans, store } = await createService(
      databaseId,
      [{ type: 'manifests', name: 'sparki-dev', directory: fixtureDir }],
      () => now,
    );
    await scans.scanAll();
    now = new Date('2026-01-02T00:00:00.000Z');
    await scans.scanAll();
    now = new Date('2026-03-01T00:00:00.000Z');
    await scans.scanAll();
    const history = await store.history('sparki-dev', { limit: 10 });
    expect(history.map(p => p.collectedAt)).toEqual([
      '2026-03-01T00:00:00.000Z',
    ]);
  });
});
