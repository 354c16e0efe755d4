import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  ClusterInventory,
  ClusterObjectView,
  ClusterScores,
  ClusterStatus,
  FindingFilters,
  FindingsPage,
  Framework,
  FrameworkScores,
  HistoryPoint,
  NamespaceScores,
  ScoreSummary,
  Snapshot,
  SnapshotScores,
  SnapshotSummary,
} from '@sparki/security-posture-common';
import { asSnapshot, PostureStore } from '../store/PostureStore';
import { clusterObjectView, findObject, ObjectQuery } from './clusterObject';
import { decodeCursor, encodeCursor, filtersDigest } from './cursor';
import { ScanService } from './ScanService';
import { whatIfKinds } from './whatIfInventory';

/** A snapshot without its scores and results, as listed with its cluster. */
function summaryOf(snapshot: Snapshot): SnapshotSummary {
  const { scores: _scores, results: _results, ...summary } = snapshot;
  return summary;
}

/** Reads over stored snapshots: what the HTTP API and the frontend show. */
export class QueryService {
  constructor(
    private readonly store: PostureStore,
    private readonly scans: ScanService,
  ) {}

  async clusters(entityRefs: Map<string, string>): Promise<ClusterStatus[]> {
    const latest = new Map(
      (await this.store.latestSnapshots()).map(s => [
        s.cluster,
        summaryOf(asSnapshot(s)),
      ]),
    );
    return this.scans.clusters().map(cluster => ({
      name: cluster.name,
      source: cluster.type,
      entityRef: entityRefs.get(cluster.name),
      scanning: this.scans.isScanning(cluster.name),
      latestSnapshot: latest.get(cluster.name),
    }));
  }

  /**
   * Latest scores, narrowed to a cluster, a namespace and/or a framework. A namespace's entry
   * carries its overall roll-up and its score per framework.
   */
  async scores(filters: {
    cluster?: string;
    namespace?: string;
    framework?: Framework;
  }): Promise<ClusterScores[]> {
    if (filters.cluster) this.scans.getCluster(filters.cluster);
    const snapshots = (await this.store.latestSnapshots())
      .filter(s => !filters.cluster || s.cluster === filters.cluster)
      .map(asSnapshot);
    const pick = <T>(
      map: Record<string, T>,
      key: string | undefined,
    ): Record<string, T> => {
      if (key === undefined) return map;
      return key in map ? { [key]: map[key] } : {};
    };
    return snapshots.map(snapshot => {
      const scores = snapshot.scores;
      const byNamespace: Record<string, NamespaceScores> = Object.fromEntries(
        Object.entries(pick(scores.byNamespace, filters.namespace)).map(
          ([namespace, summary]) => [
            namespace,
            {
              ...summary,
              byFramework: pick(
                scores.byNamespaceFramework[namespace] ?? {},
                filters.framework,
              ),
            },
          ],
        ),
      );
      return {
        cluster: snapshot.cluster,
        snapshotId: snapshot.id,
        collectedAt: snapshot.collectedAt,
        partial: snapshot.partial,
        unavailable: snapshot.unavailable,
        score: snapshot.score,
        summary: scores.cluster,
        byFramework: pick(
          scores.byFramework as Record<string, ScoreSummary>,
          filters.framework,
        ) as ClusterScores['byFramework'],
        byNamespace,
      };
    });
  }

  async history(
    cluster: string,
    options: { since?: string; limit: number },
  ): Promise<HistoryPoint[]> {
    this.scans.getCluster(cluster);
    const points = await this.store.history(cluster, options);
    return points.map(point => {
      const scores = point.scores as SnapshotScores;
      return {
        snapshotId: point.snapshotId,
        collectedAt: point.collectedAt,
        partial: point.partial,
        score: point.score,
        byFramework: Object.fromEntries(
          Object.entries(scores.byFramework).map(([framework, summary]) => [
            framework,
            summary?.score ?? null,
          ]),
        ) as FrameworkScores,
      };
    });
  }

  /**
   * The inventory a what-if runs on: the one stored with the cluster's latest snapshot, so every
   * replica answers alike and read permission never triggers a collection. 409 before the first
   * scan, or when that scan could not list a kind the what-if needs (it would miss pods).
   */
  async whatIfInventory(cluster: string): Promise<ClusterInventory> {
    this.scans.getCluster(cluster);
    const stored = await this.store.latestInventory(cluster);
    if (!stored) {
      throw new ConflictError(
        `Cluster "${cluster}" has no stored inventory yet: what-if runs on the inventory of the latest scan; scan the cluster first (POST /scans, permission security-posture.scan) or wait for the scheduled scan`,
      );
    }
    const missing = stored.inventory.unavailable.filter(unavailable =>
      whatIfKinds.includes(unavailable.kind),
    );
    if (missing.length > 0) {
      throw new ConflictError(
        `The latest scan of cluster "${cluster}" (snapshot ${
          stored.snapshotId
        }) could not list ${missing
          .map(m => `${m.kind} (${m.reason})`)
          .join(', ')}: a what-if on it would miss pods`,
      );
    }
    return stored.inventory;
  }

  /**
   * One object of the inventory stored with the cluster's latest snapshot (the objects its
   * findings name), Secret values redacted. 404 for an unknown cluster, before the first scan,
   * and for an object that inventory does not hold.
   */
  async clusterObject(
    cluster: string,
    query: ObjectQuery,
  ): Promise<ClusterObjectView> {
    this.scans.getCluster(cluster);
    const stored = await this.store.latestInventory(cluster);
    if (!stored) {
      throw new NotFoundError(
        `Cluster "${cluster}" has no stored inventory yet: scan it first`,
      );
    }
    const found = findObject(stored.inventory, query);
    if (!found) {
      const where = query.namespace
        ? `in namespace "${query.namespace}"`
        : 'cluster-scoped';
      throw new NotFoundError(
        `No ${query.kind} "${query.name}" ${where} in the inventory of cluster "${cluster}" (snapshot ${stored.snapshotId})`,
      );
    }
    return clusterObjectView(cluster, stored, query, found);
  }

  async snapshot(id: number): Promise<Snapshot> {
    const snapshot = await this.store.getSnapshot(id);
    if (!snapshot) throw new NotFoundError(`No snapshot with id ${id}`);
    return asSnapshot(snapshot);
  }

  async snapshotDocument(id: number): Promise<string> {
    const document = await this.store.getSnapshotDocument(id);
    if (document === undefined)
      throw new NotFoundError(`No snapshot with id ${id}`);
    return document;
  }

  async findings(
    filters: FindingFilters,
    page: { limit: number; cursor?: string },
  ): Promise<FindingsPage> {
    const digest = filtersDigest({ ...filters });
    let snapshotIds: number[];
    let afterId: number | undefined;
    if (page.cursor) {
      const cursor = decodeCursor(page.cursor);
      if (cursor.filtersDigest !== digest) {
        throw new InputError(
          'The cursor was issued for other filters; start again without a cursor',
        );
      }
      snapshotIds = cursor.snapshotIds;
      afterId = cursor.afterId;
    } else if (filters.snapshot !== undefined) {
      const snapshot = await this.snapshot(filters.snapshot);
      if (filters.cluster && snapshot.cluster !== filters.cluster) {
        throw new InputError(
          `Snapshot ${filters.snapshot} belongs to cluster "${snapshot.cluster}", not "${filters.cluster}"`,
        );
      }
      snapshotIds = [snapshot.id];
    } else {
      if (filters.cluster) this.scans.getCluster(filters.cluster);
      snapshotIds = (await this.store.latestSnapshots())
        .filter(s => !filters.cluster || s.cluster === filters.cluster)
        .map(s => s.id);
    }
    if (snapshotIds.length === 0) return { items: [] };

    // One row more than asked tells whether another page exists.
    const rows = await this.store.listFindings({
      snapshotIds,
      namespace: filters.namespace,
      controlId: filters.control,
      severity: filters.severity,
      framework: filters.framework,
      status: filters.status,
      afterId,
      limit: page.limit + 1,
    });
    const items = rows.slice(0, page.limit);
    const nextCursor =
      rows.length > page.limit
        ? encodeCursor({
            snapshotIds,
            afterId: items[items.length - 1].id,
            filtersDigest: digest,
          })
        : undefined;
    return { items, nextCursor };
  }
}
