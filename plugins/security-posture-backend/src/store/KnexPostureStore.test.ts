import { TestDatabaseId, mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@sparki/test-databases';
import path from 'node:path';
import {
  ClusterInventory,
  emptyInventory,
} from '@sparki/security-posture-common';
import { syntheticCluster } from '../__testUtils__/syntheticCluster';
import { canonicalJson, sha256Hex } from './canonicalJson';
import { KnexPostureStore } from './KnexPostureStore';
import { FindingRow, NewSnapshot, SnapshotExistsError } from './PostureStore';

jest.setTimeout(60_000);

const databases = createTestDatabases(['POSTGRES_15', 'SQLITE_3']);

/**
 * The message a query is rejected with (undefined when it succeeds). Not `rejects.toThrow`:
 * better-sqlite3's native addon is loaded once per jest worker and keeps the `SqliteError` of the
 * first test file that opened a database, so in every later file of that worker its errors come
 * from another realm, are not `instanceof Error` there, and `toThrow` says "did not throw".
 */
async function rejectionOf(query: PromiseLike<unknown>) {
  try {
    await query;
    return undefined;
  } catch (error) {
    return String((error as { message?: unknown }).message);
  }
}

function finding(overrides: Partial<FindingRow>): FindingRow {
  return {
    cluster: 'sparki-dev',
    namespace: 'payments',
    controlId: 'pss-privileged',
    severity: 'critical',
    frameworks: ['pss-baseline', 'cis-kubernetes'],
    status: 'fail',
    resourceKind: 'Pod',
    resourceName: 'api-0',
    container: 'app',
    message: 'container "app" runs privileged',
    evidence: { privileged: true },
    ...overrides,
  };
}

/** A small inventory: one namespace with one pod. */
function inventory(cluster: string, collectedAt: string): ClusterInventory {
  const base = emptyInventory(cluster, collectedAt);
  return {
    ...base,
    objects: {
      ...base.objects,
      namespaces: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'payments' } },
      ],
      pods: [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'api-0', namespace: 'payments' },
          spec: { containers: [{ name: 'app', image: 'api:1' }] },
        },
      ],
    },
  };
}

function snapshot(
  cluster: string,
  collectedAt: string,
  findings: FindingRow[] = [],
): NewSnapshot {
  return {
    cluster,
    collectedAt,
    inventory: inventory(cluster, collectedAt),
    unavailable: [],
    score: 80,
    scores: { cluster: 80, byFramework: { 'pss-baseline': 75 } },
    results: [
      {
        controlId: 'pss-privileged',
        status: findings.length ? 'fail' : 'pass',
      },
    ],
    findings,
  };
}

describe.each(databases.eachSupportedId())(
  'KnexPostureStore on %s',
  databaseId => {
    async function createStore(id: TestDatabaseId) {
      const knex = await databases.init(id);
      const database = mockServices.database({
        knex,
        migrations: { skip: false },
      });
      return { knex, store: await KnexPostureStore.create(database) };
    }

    it('migrates down and up again', async () => {
      const { knex } = await createStore(databaseId);
      const directory = path.resolve(__dirname, '../../migrations');
      expect(await knex.schema.hasTable('posture_snapshots')).toBe(true);
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('posture_snapshots')).toBe(false);
      expect(await knex.schema.hasTable('posture_findings')).toBe(false);
      expect(await knex.schema.hasTable('posture_inventories')).toBe(false);
      await knex.migrate.latest({ directory });
      const store = new KnexPostureStore(knex);
      await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-21T10:00:00.000Z'),
      );
      expect(
        await rejectionOf(knex('posture_snapshots').update({ score: 1 })),
      ).toMatch(/immutable/);
    });

    it('stores a snapshot with its findings and a sha256 over the canonical document', async () => {
      const { store } = await createStore(databaseId);
      const stored = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-21T10:00:00.000Z', [
          finding({}),
          finding({
            namespace: undefined,
            resourceKind: undefined,
            resourceName: undefined,
            container: undefined,
            controlId: 'cis-5-1-1',
            status: 'unknown',
            severity: 'high',
            frameworks: ['rbac'],
            message: 'clusterrolebindings unavailable',
            evidence: undefined,
          }),
        ]),
      );
      expect(stored).toMatchObject({
        cluster: 'sparki-dev',
        score: 80,
        partial: false,
        findingCount: 2,
      });
      const document = await store.getSnapshotDocument(stored.id);
      expect(sha256Hex(document!)).toBe(stored.sha256);
      expect(canonicalJson(JSON.parse(document!))).toBe(document);
      expect(JSON.parse(document!).findings).toHaveLength(2);

      const findings = await store.listFindings({
        snapshotIds: [stored.id],
        limit: 10,
      });
      expect(findings).toEqual([
        expect.objectContaining({
          controlId: 'pss-privileged',
          namespace: 'payments',
          evidence: { privileged: true },
          frameworks: ['pss-baseline', 'cis-kubernetes'],
        }),
        expect.objectContaining({
          controlId: 'cis-5-1-1',
          status: 'unknown',
          namespace: undefined,
          resourceName: undefined,
        }),
      ]);
    });

    it('keeps the inventory of the latest snapshot of each cluster, outside the hashed document', async () => {
      const { knex, store } = await createStore(databaseId);
      expect(await store.latestInventory('sparki-dev')).toBeUndefined();
      const first = snapshot('sparki-dev', '2026-11-20T10:00:00.000Z');
      await store.insertSnapshot(first);
      const second = snapshot('sparki-dev', '2026-11-21T10:00:00.000Z');
      second.inventory.objects.pods[0].metadata.name = 'api-1';
      const latest = await store.insertSnapshot(second);
      const prod = await store.insertSnapshot(
        snapshot('sparki-prod', '2026-11-20T11:00:00.000Z'),
      );

      expect(await store.latestInventory('sparki-dev')).toEqual({
        snapshotId: latest.id,
        inventory: second.inventory,
      });
      expect((await store.latestInventory('sparki-prod'))?.snapshotId).toBe(
        prod.id,
      );
      expect(await store.latestInventory('unknown')).toBeUndefined();
      // Only the latest inventory of each cluster is kept: what-if needs no other.
      const rows = await knex('posture_inventories')
        .orderBy('snapshot_id')
        .select('snapshot_id');
      expect(rows.map(row => Number(row.snapshot_id))).toEqual([
        latest.id,
        prod.id,
      ]);

      // The snapshot's document and hash are what they were before inventories were kept.
      const { inventory: _inventory, ...withoutInventory } = second;
      const document = await store.getSnapshotDocument(latest.id);
      expect(document).toBe(
        canonicalJson({ ...withoutInventory, partial: false }),
      );
      expect(latest.sha256).toBe(sha256Hex(document!));

      expect(
        await rejectionOf(
          knex('posture_inventories').update({ cluster: 'sparki-prod' }),
        ),
      ).toMatch(/immutable/);
    });

    it('lets two scans of one cluster commit at once, the newest inventory winning', async () => {
      const { knex, store } = await createStore(databaseId);
      const older = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-20T10:00:00.000Z'),
      );
      const newer = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-21T10:00:00.000Z'),
      );
      // What a replica's concurrent scan leaves: its row, committed after the newer one.
      const [{ inventory: compressed }] = await knex('posture_inventories')
        .where({ snapshot_id: newer.id })
        .select('inventory');
      await knex('posture_inventories').insert({
        snapshot_id: older.id,
        cluster: 'sparki-dev',
        json_bytes: 0,
        inventory: compressed,
      });
      expect((await store.latestInventory('sparki-dev'))?.snapshotId).toBe(
        newer.id,
      );
      const next = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-22T10:00:00.000Z'),
      );
      const rows = await knex('posture_inventories').select('snapshot_id');
      expect(rows.map(row => Number(row.snapshot_id))).toEqual([next.id]);
    });

    it('stores and reads back the inventory of a 10,000-pod cluster', async () => {
      const { store } = await createStore(databaseId);
      const large: ClusterInventory = {
        ...emptyInventory('sparki-prod', '2026-11-21T10:00:00.000Z'),
        objects: syntheticCluster({
          namespaces: 100,
          pods: 10_000,
          rbacObjects: 0,
          networkPolicies: 0,
        }),
      };
      const stored = await store.insertSnapshot({
        ...snapshot('sparki-prod', large.collectedAt),
        inventory: large,
      });
      const read = await store.latestInventory('sparki-prod');
      expect(read?.snapshotId).toBe(stored.id);
      expect(read?.inventory.objects.pods).toHaveLength(10_000);
      expect(read?.inventory).toEqual(large);
    });

    it('rejects rewriting a snapshot, through the store and through SQL', async () => {
      const { knex, store } = await createStore(databaseId);
      const first = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-21T10:00:00.000Z', [finding({})]),
      );
      await expect(
        store.insertSnapshot(
          snapshot('sparki-dev', '2026-11-21T10:00:00.000Z'),
        ),
      ).rejects.toBeInstanceOf(SnapshotExistsError);
      expect(
        await rejectionOf(
          knex('posture_snapshots')
            .where({ id: first.id })
            .update({ score: 100 }),
        ),
      ).toMatch(/immutable/);
      expect(
        await rejectionOf(knex('posture_findings').update({ status: 'pass' })),
      ).toMatch(/immutable/);
      expect((await store.getSnapshot(first.id))?.score).toBe(80);
    });

    it('marks a snapshot with unavailable kinds as partial', async () => {
      const { store } = await createStore(databaseId);
      const stored = await store.insertSnapshot({
        ...snapshot('sparki-prod', '2026-11-21T10:00:00.000Z'),
        unavailable: [{ kind: 'clusterroles', reason: 'HTTP 403' }],
        score: null,
      });
      expect(stored).toMatchObject({
        partial: true,
        score: null,
        unavailable: [{ kind: 'clusterroles', reason: 'HTTP 403' }],
      });
    });

    it('returns the latest snapshot per cluster and a history oldest first', async () => {
      const { store } = await createStore(databaseId);
      for (const [cluster, time, score] of [
        ['sparki-dev', '2026-11-20T10:00:00.000Z', 60],
        ['sparki-prod', '2026-11-20T11:00:00.000Z', 90],
        ['sparki-dev', '2026-11-21T10:00:00.000Z', 70],
        ['sparki-dev', '2026-11-22T10:00:00.000Z', 75],
      ] as const) {
        await store.insertSnapshot({ ...snapshot(cluster, time), score });
      }
      const latest = await store.latestSnapshots();
      expect(latest.map(s => [s.cluster, s.score])).toEqual([
        ['sparki-dev', 75],
        ['sparki-prod', 90],
      ]);
      expect(
        (await store.history('sparki-dev', { limit: 10 })).map(p => p.score),
      ).toEqual([60, 70, 75]);
      expect(
        (await store.history('sparki-dev', { limit: 2 })).map(p => p.score),
      ).toEqual([70, 75]);
      expect(
        (
          await store.history('sparki-dev', {
            since: '2026-11-21T00:00:00.000Z',
            limit: 10,
          })
        ).map(p => p.score),
      ).toEqual([70, 75]);
      expect(await store.history('unknown', { limit: 10 })).toEqual([]);
    });

    it('filters findings and pages through them by id', async () => {
      const { store } = await createStore(databaseId);
      const rows = Array.from({ length: 7 }, (_, index) =>
        finding({
          resourceName: `api-${index}`,
          namespace: index < 4 ? 'payments' : 'web',
          severity: index % 2 ? 'high' : 'critical',
          frameworks: index === 6 ? ['rbac'] : ['pss-baseline'],
        }),
      );
      const stored = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-21T10:00:00.000Z', rows),
      );
      const base = { snapshotIds: [stored.id] };
      expect(
        await store.listFindings({ ...base, namespace: 'web', limit: 10 }),
      ).toHaveLength(3);
      expect(
        await store.listFindings({ ...base, severity: 'high', limit: 10 }),
      ).toHaveLength(3);
      expect(
        await store.listFindings({ ...base, framework: 'rbac', limit: 10 }),
      ).toHaveLength(1);
      expect(
        await store.listFindings({
          ...base,
          framework: 'pss-restricted',
          limit: 10,
        }),
      ).toHaveLength(0);
      expect(
        await store.listFindings({ ...base, controlId: 'other', limit: 10 }),
      ).toHaveLength(0);

      const names: string[] = [];
      let afterId: number | undefined;
      for (;;) {
        const page = await store.listFindings({ ...base, afterId, limit: 3 });
        if (page.length === 0) break;
        names.push(...page.map(f => f.resourceName!));
        afterId = page[page.length - 1].id;
      }
      expect(names).toEqual(rows.map(r => r.resourceName));
    });

    it('deletes old snapshots with their findings but keeps the latest of each cluster', async () => {
      const { knex, store } = await createStore(databaseId);
      const old = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-01-01T00:00:00.000Z', [finding({})]),
      );
      const latest = await store.insertSnapshot(
        snapshot('sparki-dev', '2026-11-21T00:00:00.000Z', [finding({})]),
      );
      const onlyProd = await store.insertSnapshot(
        snapshot('sparki-prod', '2026-01-01T00:00:00.000Z', [finding({})]),
      );

      expect(
        await store.deleteSnapshotsBefore(new Date('2026-06-01T00:00:00.000Z')),
      ).toBe(1);
      expect(await store.getSnapshot(old.id)).toBeUndefined();
      expect(await store.getSnapshot(onlyProd.id)).toBeDefined();
      const remaining = await knex('posture_findings').count({ count: '*' });
      expect(Number(remaining[0].count)).toBe(2);
      expect((await store.latestInventory('sparki-dev'))?.snapshotId).toBe(
        latest.id,
      );
      expect((await store.latestInventory('sparki-prod'))?.snapshotId).toBe(
        onlyProd.id,
      );
    });
  },
);
