import { checkId, RawCheckResult } from '@sparki/compliance-common';
import type {
  CheckResourceQuery,
  CheckSourceReport,
  ComplianceCheckSource,
} from '@sparki/compliance-node';
import type {
  ClusterStatus,
  FindingsPage,
  ItemList,
  Snapshot,
  SnapshotControlResult,
} from '@sparki/security-posture-common';
import { PluginApiClient } from './PluginApiClient';

const prefix = 'posture-control:';
const hour = 60 * 60 * 1000;

/** A posture control result as a raw check result of the cluster scope. */
function rawResult(
  result: SnapshotControlResult,
  cluster: string,
  observedAt: string,
  stale: boolean,
): RawCheckResult {
  const base = {
    checkId: checkId('posture-control', result.controlId),
    scope: { kind: 'cluster' as const, id: cluster },
    observedAt,
  };
  if (stale) {
    return {
      ...base,
      state: 'unknown',
      reason: 'stale',
      message: `the latest posture snapshot of ${cluster} is from ${observedAt}, too old to count`,
    };
  }
  const population = { applicable: result.applicable, failing: result.failing };
  switch (result.status) {
    case 'pass':
    case 'fail':
    case 'not-applicable':
      return {
        ...base,
        state: result.status,
        population,
        message:
          result.reason ??
          `${result.failing} of ${result.applicable} resources fail`,
      };
    case 'unknown':
      // The scanner could not read what the control needs: an error, not a pass.
      return {
        ...base,
        state: 'unknown',
        reason: 'error',
        message: result.reason ?? 'the scanner could not judge this control',
      };
    default:
      // `manual`: needs data from outside Kubernetes, which no scan has.
      return {
        ...base,
        state: 'unknown',
        reason: 'no-data',
        message: result.reason ?? 'needs data from outside the cluster',
      };
  }
}

/**
 * A cluster's result in each of its namespaces, from the snapshot's per-namespace counts: a
 * namespace holds only what the scanner judged in it.
 * - A control that counted objects in the namespace fails there when one of them fails, else
 *   passes; one that counted objects only in other namespaces is not applicable there.
 * - A control judged cluster-wide (no per-namespace counts: cluster-scoped objects such as
 *   ClusterRoleBindings, or `manual`: it needs data from outside the cluster) is not applicable
 *   in a namespace: its result belongs to the cluster scope, which still shows it.
 * - A stale snapshot makes every per-namespace result unknown / stale (the namespace may hold
 *   other objects by now).
 * - A control the scanner could not evaluate (`unknown`, e.g. a kind not readable) is unknown in
 *   every namespace: which namespaces it would have judged is not known.
 */
function namespaceResults(
  result: SnapshotControlResult,
  cluster: string,
  namespaces: string[],
  observedAt: string,
  stale: boolean,
): RawCheckResult[] {
  const { scope: _clusterScope, ...clusterResult } = rawResult(
    result,
    cluster,
    observedAt,
    stale,
  );
  const judgedPerNamespace =
    Object.keys(result.applicableByNamespace ?? {}).length > 0;
  return namespaces.map((namespace): RawCheckResult => {
    const scope = { kind: 'namespace' as const, id: `${cluster}/${namespace}` };
    const base = { checkId: clusterResult.checkId, scope, observedAt };
    if (result.status !== 'unknown' && !judgedPerNamespace) {
      return {
        ...base,
        state: 'not-applicable',
        message: 'judged cluster-wide: see the cluster scope',
      };
    }
    if (result.status === 'unknown' || stale) {
      return { ...clusterResult, scope };
    }
    const applicable = result.applicableByNamespace?.[namespace] ?? 0;
    if (applicable === 0) {
      return {
        ...base,
        state: 'not-applicable',
        population: { applicable: 0, failing: 0 },
        message: `nothing this control judges is in ${namespace}`,
      };
    }
    const failing = result.failingByNamespace?.[namespace] ?? 0;
    return {
      ...base,
      state: failing > 0 ? 'fail' : 'pass',
      population: { applicable, failing },
      message: `${failing} of ${applicable} resources fail`,
    };
  });
}

/**
 * Posture snapshots as check results: each cluster's latest snapshot from the security-posture
 * backend (`/clusters`, `/snapshots/{id}`), one result per posture control and cluster. A snapshot
 * older than `maxAgeHours` makes every result of its cluster `unknown` / `stale`; a cluster not
 * scanned yet reports nothing (its checks stay `unknown` / `no-data`). With `namespaceScopes`,
 * also one result per control and namespace (`cluster/namespace`, see `namespaceResults`).
 */
export class PostureCheckSource implements ComplianceCheckSource {
  readonly id = 'posture';

  constructor(
    private readonly api: PluginApiClient,
    private readonly options: { maxAgeHours: number; namespaceScopes: boolean },
  ) {}

  handles(id: string): boolean {
    return id.startsWith(prefix);
  }

  async collect({ now }: { now: Date }): Promise<CheckSourceReport> {
    const { items } = await this.api.get<ItemList<ClusterStatus>>('/clusters');
    const report: CheckSourceReport = {
      results: [],
      snapshots: [],
      problems: [],
    };
    for (const cluster of items) {
      const scope = { kind: 'cluster' as const, id: cluster.name };
      const latest = cluster.latestSnapshot;
      if (!latest) {
        report.problems.push({
          scope,
          message: `cluster ${cluster.name}: not scanned yet`,
        });
        continue;
      }
      const snapshot = await this.api.get<Snapshot>(`/snapshots/${latest.id}`);
      const stale =
        now.getTime() - Date.parse(snapshot.collectedAt) >
        this.options.maxAgeHours * hour;
      report.results.push(
        ...snapshot.results.map(result =>
          rawResult(result, cluster.name, snapshot.collectedAt, stale),
        ),
      );
      if (this.options.namespaceScopes) {
        const namespaces = [
          ...new Set(
            snapshot.results.flatMap(result =>
              Object.keys(result.applicableByNamespace ?? {}),
            ),
          ),
        ].sort();
        report.results.push(
          ...snapshot.results.flatMap(result =>
            namespaceResults(
              result,
              cluster.name,
              namespaces,
              snapshot.collectedAt,
              stale,
            ),
          ),
        );
      }
      report.snapshots.push({
        source: this.id,
        id: `cluster:${cluster.name}:snapshot:${snapshot.id}`,
        sha256: snapshot.sha256,
        takenAt: snapshot.collectedAt,
      });
      if (snapshot.unavailable.length > 0) {
        report.problems.push({
          scope,
          message: `cluster ${cluster.name}: ${snapshot.unavailable
            .map(({ kind, reason }) => `${kind} not readable (${reason})`)
            .join(', ')}`,
        });
      }
      if (stale) {
        report.problems.push({
          scope,
          message: `cluster ${cluster.name}: latest snapshot from ${snapshot.collectedAt} is older than ${this.options.maxAgeHours} h`,
        });
      }
    }
    return report;
  }

  /** The cluster's findings of the control in its latest snapshot, read as the caller. */
  async listResources(query: CheckResourceQuery) {
    if (query.scope.kind !== 'cluster' && query.scope.kind !== 'namespace') {
      return { items: [] };
    }
    const [cluster, namespace] = query.scope.id.split('/');
    const page = await this.api.get<FindingsPage>(
      '/findings',
      {
        cluster,
        namespace: query.scope.kind === 'namespace' ? namespace : undefined,
        control: query.checkId.slice(prefix.length),
        limit: query.limit,
        cursor: query.cursor,
      },
      query.credentials,
    );
    return {
      items: page.items.map(finding => ({
        kind: finding.resourceKind ?? 'Cluster',
        name: finding.resourceName ?? finding.cluster,
        ...(finding.namespace ? { namespace: finding.namespace } : {}),
        ...(finding.container ? { container: finding.container } : {}),
        state:
          finding.status === 'fail' ? ('fail' as const) : ('unknown' as const),
        message: finding.message,
        ...(finding.evidence ? { evidence: finding.evidence } : {}),
        ref: { source: 'posture-control' as const, id: String(finding.id) },
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
