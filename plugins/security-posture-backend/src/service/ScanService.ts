import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, isError, NotFoundError } from '@backstage/errors';
import {
  ClusterInventory,
  ControlMetadata,
  ControlResult,
  InventoryKind,
  KubeObject,
  Snapshot,
} from '@sparki/security-posture-common';
import { ClusterSource, PostureOptions } from '../config/clusters';
import { collectFromApi } from '../collector/collectFromApi';
import { withGitManifests } from '../collector/gitManifests';
import {
  createKubeConfig,
  KubeConfigDependencies,
} from '../collector/kubeConfig';
import { asSnapshot, FindingRow, PostureStore } from '../store/PostureStore';
import { PostureMetrics } from './metrics';
import { PostureEngine } from './PostureEngine';

const severityRank: Record<string, number> = {
  critical: 0,
  high: 1,
  medium: 2,
  low: 3,
};
const statusRank: Record<string, number> = { fail: 0, unknown: 1, manual: 2 };

/** Rows a snapshot stores: one per failing resource, one per `unknown`/`manual` control. */
export function findingRows(
  cluster: string,
  results: ControlResult[],
  controls: Map<string, ControlMetadata>,
): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const result of results) {
    const control = controls.get(result.controlId);
    const severity = control?.severity ?? 'medium';
    const frameworks = control?.frameworks ?? [];
    if (result.status === 'fail') {
      for (const finding of result.findings) {
        rows.push({
          cluster,
          namespace: finding.resource.namespace,
          controlId: result.controlId,
          severity,
          frameworks,
          status: 'fail',
          resourceKind: finding.resource.kind,
          resourceName: finding.resource.name,
          container: finding.resource.container,
          message: finding.message,
          evidence: finding.evidence,
        });
      }
    } else if (result.status === 'unknown' || result.status === 'manual') {
      rows.push({
        cluster,
        controlId: result.controlId,
        severity,
        frameworks,
        status: result.status,
        message:
          result.reason ??
          `${control?.title ?? result.controlId}: ${result.status}`,
      });
    }
  }
  // Sort keys computed once per row: snapshots of large clusters hold tens of thousands of rows.
  const keyed = rows.map(row => ({
    row,
    rank: statusRank[row.status] * 10 + severityRank[row.severity],
    key: [
      row.controlId,
      row.namespace ?? '',
      row.resourceKind ?? '',
      row.resourceName ?? '',
      row.container ?? '',
    ].join('\u0000'),
  }));
  keyed.sort(
    (a, b) => a.rank - b.rank || (a.key < b.key ? -1 : Number(a.key > b.key)),
  );
  return keyed.map(entry => entry.row);
}

/** Control results as stored on the snapshot: everything but the findings (stored as rows). */
function resultsWithoutFindings(results: ControlResult[]) {
  return results.map(({ findings: _findings, ...rest }) => rest);
}

export interface ScanServiceOptions {
  options: PostureOptions;
  store: PostureStore;
  engine: PostureEngine;
  metrics: PostureMetrics;
  logger: LoggerService;
  kubeConfigDependencies?: KubeConfigDependencies;
  now?: () => Date;
}

/** Collects, evaluates and stores scans; one scan per cluster at a time in this process. */
export class ScanService {
  private readonly running = new Map<string, Promise<Snapshot>>();
  private readonly controls: Map<string, ControlMetadata>;

  constructor(private readonly deps: ScanServiceOptions) {
    this.controls = new Map(
      deps.engine.controls().map(control => [control.id, control]),
    );
  }

  clusters(): ClusterSource[] {
    return this.deps.options.clusters;
  }

  getCluster(name: string): ClusterSource {
    const cluster = this.deps.options.clusters.find(c => c.name === name);
    if (!cluster) {
      throw new NotFoundError(
        `No cluster named "${name}" is configured for security posture scans`,
      );
    }
    return cluster;
  }

  isScanning(cluster: string): boolean {
    return this.running.has(cluster);
  }

  /** Scans one cluster now; rejects with ConflictError while a scan of it is running here. */
  async scanCluster(name: string): Promise<Snapshot> {
    const cluster = this.getCluster(name);
    if (this.running.has(name)) {
      throw new ConflictError(`A scan of cluster "${name}" is already running`);
    }
    const scan = this.runScan(cluster).finally(() => this.running.delete(name));
    this.running.set(name, scan);
    return scan;
  }

  /** The scheduled task: every cluster in turn (one failing does not stop the others), then retention. */
  async scanAll(signal?: AbortSignal): Promise<void> {
    for (const cluster of this.deps.options.clusters) {
      if (signal?.aborted) return;
      if (this.running.has(cluster.name)) continue;
      try {
        await this.scanCluster(cluster.name);
      } catch (error) {
        if (isError(error) && error.name === 'ServiceUnavailableError') {
          // Nothing to read yet (e.g. a repository not seeded): expected, and said in words.
          this.deps.logger.warn(
            `Security posture scan of cluster "${cluster.name}" skipped: ${error.message}`,
          );
        } else {
          this.deps.logger.error(
            `Security posture scan of cluster "${cluster.name}" failed`,
            error as Error,
          );
        }
      }
    }
    await this.applyRetention();
  }

  async applyRetention(): Promise<number> {
    const now = this.deps.now?.() ?? new Date();
    const cutoff = new Date(
      now.getTime() - this.deps.options.retentionDays * 86_400_000,
    );
    const deleted = await this.deps.store.deleteSnapshotsBefore(cutoff);
    if (deleted > 0) {
      this.deps.logger.info(
        `Deleted ${deleted} security posture snapshots older than ${cutoff.toISOString()}`,
      );
    }
    return deleted;
  }

  /** Seeds the gauges from stored snapshots, so metrics survive a restart. */
  async loadLatestMetrics(): Promise<void> {
    for (const snapshot of await this.deps.store.latestSnapshots()) {
      this.deps.metrics.setLatest(this.metricsOf(asSnapshot(snapshot)));
    }
  }

  private async collect(cluster: ClusterSource): Promise<ClusterInventory> {
    const { options } = this.deps;
    const collectedAt = (this.deps.now?.() ?? new Date()).toISOString();
    if (cluster.type === 'git') {
      const inventory = await withGitManifests(cluster, directory =>
        this.deps.engine.readManifests(directory, cluster.name, collectedAt),
      );
      return withoutNamespaces(inventory, options.skipNamespaces);
    }
    if (cluster.type === 'manifests') {
      const inventory = await this.deps.engine.readManifests(
        cluster.directory,
        cluster.name,
        collectedAt,
      );
      return withoutNamespaces(inventory, options.skipNamespaces);
    }
    const kubeConfig = await createKubeConfig(
      cluster,
      this.deps.kubeConfigDependencies,
    );
    return collectFromApi(cluster.name, kubeConfig, {
      pageSize: options.pageSize,
      requestTimeoutMs: options.requestTimeoutMs,
      skipNamespaces: options.skipNamespaces,
      now: this.deps.now,
    });
  }

  private async runScan(cluster: ClusterSource): Promise<Snapshot> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const { engine, metrics, store, logger } = this.deps;
    try {
      const inventory = await this.collect(cluster);
      for (const unavailable of inventory.unavailable) {
        metrics.recordScanError(
          cluster.name,
          'kind-unavailable',
          unavailable.kind,
        );
      }
      const results = engine.evaluate(inventory);
      const scores = engine.score(results);
      const snapshot = asSnapshot(
        await store.insertSnapshot({
          cluster: cluster.name,
          collectedAt: inventory.collectedAt,
          // Whole: what-if reads its workloads, the object drill-down any object a finding names.
          inventory,
          unavailable: inventory.unavailable,
          score: scores.cluster.score,
          scores,
          results: resultsWithoutFindings(results),
          findings: findingRows(cluster.name, results, this.controls),
        }),
      );
      metrics.setLatest(this.metricsOf(snapshot));
      metrics.recordScan(
        cluster.name,
        seconds(),
        snapshot.partial ? 'partial' : 'complete',
      );
      logger.info(
        `Scanned cluster "${cluster.name}": score ${snapshot.score ?? 'n/a'}, ${
          snapshot.findingCount
        } findings${
          snapshot.partial
            ? `, partial (${inventory.unavailable
                .map(u => `${u.kind}: ${u.reason}`)
                .join('; ')})`
            : ''
        } in ${seconds().toFixed(2)} s`,
      );
      return snapshot;
    } catch (error) {
      metrics.recordScan(cluster.name, seconds(), 'failed');
      metrics.recordScanError(cluster.name, 'scan-failed');
      throw error;
    }
  }

  private metricsOf(snapshot: Snapshot) {
    const scores = snapshot.scores;
    const failingByControl: Record<
      string,
      { failing: number; severity: string }
    > = {};
    for (const result of snapshot.results) {
      if (result.status === 'pass' || result.status === 'fail') {
        failingByControl[result.controlId] = {
          failing: result.failing,
          severity: this.controls.get(result.controlId)?.severity ?? 'medium',
        };
      }
    }
    return {
      cluster: snapshot.cluster,
      score: snapshot.score,
      byFramework: Object.fromEntries(
        Object.entries(scores.byFramework).map(([framework, summary]) => [
          framework,
          summary?.score ?? null,
        ]),
      ),
      byNamespace: Object.fromEntries(
        Object.entries(scores.byNamespace).map(([namespace, summary]) => [
          namespace,
          { all: summary.score, ...scores.byNamespaceFramework[namespace] },
        ]),
      ),
      failingByControl,
    };
  }
}

/** Drops skipped namespaces and their objects from an inventory. */
export function withoutNamespaces(
  inventory: ClusterInventory,
  skipped: string[],
): ClusterInventory {
  if (skipped.length === 0) return inventory;
  const skip = new Set(skipped);
  const keep = (kind: InventoryKind) => (object: KubeObject) => {
    const namespace =
      kind === 'namespaces' ? object.metadata.name : object.metadata.namespace;
    return !namespace || !skip.has(namespace);
  };
  const objects = Object.fromEntries(
    Object.entries(inventory.objects).map(([kind, list]) => [
      kind,
      list.filter(keep(kind as InventoryKind)),
    ]),
  ) as ClusterInventory['objects'];
  return { ...inventory, objects };
}
