import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { canonicalJson, sha256Hex } from './canonicalJson';
import { PostureFinding } from '@sparki/security-posture-common';
import {
  FindingQuery,
  NewSnapshot,
  PostureStore,
  SnapshotExistsError,
  StoredHistoryPoint,
  StoredInventory,
  StoredSnapshot,
} from './PostureStore';

// Off the event loop (libuv's thread pool): a 10,000-pod inventory is ~10 MB of JSON.
const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

const migrationsDir = resolvePackagePath(
  '@sparki/security-posture-backend',
  'migrations',
);

const snapshotColumns = [
  'id',
  'cluster',
  'collected_at',
  'partial',
  'unavailable',
  'score',
  'scores',
  'results',
  'finding_count',
  'sha256',
];

interface SnapshotRow {
  id: number | string;
  cluster: string;
  collected_at: string;
  partial: boolean | number;
  unavailable: string;
  score: number | string | null;
  scores: string;
  results: string;
  finding_count: number | string;
  sha256: string;
}

interface FindingDbRow {
  id: number | string;
  snapshot_id: number | string;
  cluster: string;
  namespace: string | null;
  control_id: string;
  severity: string;
  frameworks: string;
  status: string;
  resource_kind: string | null;
  resource_name: string | null;
  container: string | null;
  message: string;
  evidence: string | null;
}

function toSummary(row: SnapshotRow): StoredSnapshot {
  return {
    id: Number(row.id),
    cluster: row.cluster,
    collectedAt: row.collected_at,
    partial: Boolean(row.partial),
    unavailable: JSON.parse(row.unavailable),
    score: row.score === null ? null : Number(row.score),
    scores: JSON.parse(row.scores),
    results: JSON.parse(row.results),
    findingCount: Number(row.finding_count),
    sha256: row.sha256,
  };
}

function toFinding(row: FindingDbRow): PostureFinding {
  return {
    id: Number(row.id),
    snapshotId: Number(row.snapshot_id),
    cluster: row.cluster,
    namespace: row.namespace ?? undefined,
    controlId: row.control_id,
    severity: row.severity as PostureFinding['severity'],
    frameworks: row.frameworks
      .split(',')
      .filter(Boolean) as PostureFinding['frameworks'],
    status: row.status as PostureFinding['status'],
    resourceKind: row.resource_kind ?? undefined,
    resourceName: row.resource_name ?? undefined,
    container: row.container ?? undefined,
    message: row.message,
    evidence: row.evidence ? JSON.parse(row.evidence) : undefined,
  };
}

/** SQLite allows 32766 bound variables per statement; 13 columns × 500 rows stays well below. */
const findingBatchSize = 500;

export class KnexPostureStore implements PostureStore {
  static async create(database: DatabaseService): Promise<KnexPostureStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new KnexPostureStore(client);
  }

  constructor(private readonly db: Knex) {}

  async insertSnapshot({
    inventory,
    ...snapshot
  }: NewSnapshot): Promise<StoredSnapshot> {
    const partial = snapshot.unavailable.length > 0;
    const document = canonicalJson({ ...snapshot, partial });
    const sha256 = sha256Hex(document);
    const inventoryJson = Buffer.from(JSON.stringify(inventory));
    const compressedInventory = await gzip(inventoryJson);
    return this.db.transaction(async trx => {
      const existing = await trx('posture_snapshots')
        .where({
          cluster: snapshot.cluster,
          collected_at: snapshot.collectedAt,
        })
        .first('id');
      if (existing) {
        throw new SnapshotExistsError(
          `A snapshot of cluster "${snapshot.cluster}" collected at ${snapshot.collectedAt} already exists (id ${existing.id}); snapshots are never rewritten`,
        );
      }
      const [inserted] = await trx('posture_snapshots')
        .insert({
          cluster: snapshot.cluster,
          collected_at: snapshot.collectedAt,
          partial,
          unavailable: JSON.stringify(snapshot.unavailable),
          score: snapshot.score,
          scores: JSON.stringify(snapshot.scores),
          results: JSON.stringify(snapshot.results),
          finding_count: snapshot.findings.length,
          sha256,
          document,
        })
        .returning('id');
      const id = Number(typeof inserted === 'object' ? inserted.id : inserted);
      for (
        let start = 0;
        start < snapshot.findings.length;
        start += findingBatchSize
      ) {
        await trx('posture_findings').insert(
          snapshot.findings
            .slice(start, start + findingBatchSize)
            .map(finding => ({
              snapshot_id: id,
              cluster: finding.cluster,
              namespace: finding.namespace ?? null,
              control_id: finding.controlId,
              severity: finding.severity,
              frameworks: `,${finding.frameworks.join(',')},`,
              status: finding.status,
              resource_kind: finding.resourceKind ?? null,
              resource_name: finding.resourceName ?? null,
              container: finding.container ?? null,
              message: finding.message,
              evidence: finding.evidence
                ? JSON.stringify(finding.evidence)
                : null,
            })),
        );
      }
      // One inventory per cluster: the new snapshot's replaces the previous ones.
      await trx('posture_inventories')
        .where({ cluster: snapshot.cluster })
        .where('snapshot_id', '<', id)
        .delete();
      await trx('posture_inventories').insert({
        snapshot_id: id,
        cluster: snapshot.cluster,
        json_bytes: inventoryJson.length,
        inventory: compressedInventory,
      });
      const row = await trx('posture_snapshots')
        .where({ id })
        .first(snapshotColumns);
      return toSummary(row);
    });
  }

  async latestInventory(cluster: string): Promise<StoredInventory | undefined> {
    const row = await this.db('posture_inventories')
      .where({ cluster })
      .orderBy('snapshot_id', 'desc')
      .first('snapshot_id', 'inventory');
    if (!row) return undefined;
    return {
      snapshotId: Number(row.snapshot_id),
      inventory: JSON.parse((await gunzip(row.inventory)).toString('utf8')),
    };
  }

  async getSnapshot(id: number): Promise<StoredSnapshot | undefined> {
    const row = await this.db('posture_snapshots')
      .where({ id })
      .first(snapshotColumns);
    return row ? toSummary(row) : undefined;
  }

  async getSnapshotDocument(id: number): Promise<string | undefined> {
    const row = await this.db('posture_snapshots')
      .where({ id })
      .first('document');
    return row?.document;
  }

  async latestSnapshots(): Promise<StoredSnapshot[]> {
    const latestIds = this.db('posture_snapshots').max('id').groupBy('cluster');
    const rows = await this.db('posture_snapshots')
      .whereIn('id', latestIds)
      .orderBy('cluster')
      .select(snapshotColumns);
    return rows.map(toSummary);
  }

  async history(
    cluster: string,
    options: { since?: string; limit: number },
  ): Promise<StoredHistoryPoint[]> {
    let query = this.db('posture_snapshots').where({ cluster });
    if (options.since) query = query.where('collected_at', '>=', options.since);
    // The newest `limit` points, returned oldest first for charting.
    const rows: SnapshotRow[] = await query
      .orderBy('id', 'desc')
      .limit(options.limit)
      .select(['id', 'collected_at', 'score', 'partial', 'scores']);
    return rows.reverse().map(row => ({
      snapshotId: Number(row.id),
      collectedAt: row.collected_at,
      score: row.score === null ? null : Number(row.score),
      partial: Boolean(row.partial),
      scores: JSON.parse(row.scores),
    }));
  }

  async listFindings(query: FindingQuery): Promise<PostureFinding[]> {
    let builder = this.db<FindingDbRow>('posture_findings').whereIn(
      'snapshot_id',
      query.snapshotIds,
    );
    if (query.namespace !== undefined)
      builder = builder.where('namespace', query.namespace);
    if (query.controlId !== undefined)
      builder = builder.where('control_id', query.controlId);
    if (query.severity !== undefined)
      builder = builder.where('severity', query.severity);
    if (query.status !== undefined)
      builder = builder.where('status', query.status);
    if (query.framework !== undefined) {
      builder = builder.where('frameworks', 'like', `%,${query.framework},%`);
    }
    if (query.afterId !== undefined)
      builder = builder.where('id', '>', query.afterId);
    const rows = await builder.orderBy('id').limit(query.limit).select('*');
    return rows.map(toFinding);
  }

  async deleteSnapshotsBefore(cutoff: Date): Promise<number> {
    const latestIds = this.db('posture_snapshots').max('id').groupBy('cluster');
    return this.db.transaction(async trx => {
      const doomed = trx('posture_snapshots')
        .where('collected_at', '<', cutoff.toISOString())
        .whereNotIn('id', latestIds)
        .select('id');
      // Rows that reference them first: SQLite only cascades when foreign keys are switched on.
      await trx('posture_findings')
        .whereIn('snapshot_id', doomed.clone())
        .delete();
      await trx('posture_inventories')
        .whereIn('snapshot_id', doomed.clone())
        .delete();
      const deleted = await trx('posture_snapshots')
        .whereIn('id', doomed.clone())
        .delete();
      return Number(deleted);
    });
  }
}
