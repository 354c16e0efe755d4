import type {
  CatalogControl,
  ClusterStatus,
  HistoryPoint,
  PostureFinding,
  ScoreSummary,
  Snapshot,
  SnapshotSummary,
} from '@sparki/security-posture-common';
import { SecurityPostureApi } from '../api/SecurityPostureApi';

export function summary(
  score: number | null,
  overrides: Partial<ScoreSummary> = {},
): ScoreSummary {
  return {
    score,
    scored: 2,
    passing: 1,
    failing: 1,
    unknown: 0,
    manual: 0,
    notApplicable: 0,
    ...overrides,
  };
}

export const controls: CatalogControl[] = [
  {
    id: 'pss-privileged-containers',
    title: 'Privileged containers are not allowed',
    frameworks: ['pss-baseline', 'cis-kubernetes'],
    cisKubernetes: '5.2.2',
    severity: 'critical',
    rationale: 'A privileged container can take over the node.',
    remediation: 'Remove securityContext.privileged.',
    runbook: 'workload-hardening',
    requires: ['pods'],
  },
  {
    id: 'rbac-cluster-admin-bindings',
    title: 'cluster-admin is only bound where required',
    frameworks: ['rbac', 'cis-kubernetes'],
    cisKubernetes: '5.1.1',
    cisEks: '4.1.1',
    severity: 'critical',
    rationale: 'cluster-admin grants everything.',
    remediation: 'Bind narrower roles.',
    runbook: 'rbac-least-privilege',
    requires: ['clusterrolebindings'],
  },
  {
    id: 'network-default-deny',
    title: 'Namespaces have a default-deny NetworkPolicy',
    frameworks: ['network-policy'],
    severity: 'high',
    rationale: 'Without one every pod is reachable.',
    remediation: 'Add a default-deny policy.',
    runbook: 'network-policies',
    requires: ['networkpolicies'],
  },
];

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    id: 7,
    cluster: 'sparki-dev',
    collectedAt: '2026-11-21T10:00:00.000Z',
    partial: false,
    unavailable: [],
    score: 72.5,
    scores: {
      cluster: summary(72.5),
      byFramework: {
        'pss-baseline': summary(50),
        rbac: summary(95),
      },
      byNamespace: {
        web: summary(40),
        payments: summary(100, { failing: 0, passing: 2 }),
      },
      byNamespaceFramework: {
        web: { 'pss-baseline': 40 },
        payments: { 'pss-baseline': 100 },
      },
    },
    results: [
      {
        controlId: 'pss-privileged-containers',
        status: 'fail',
        applicable: 4,
        failing: 2,
      },
      {
        controlId: 'rbac-cluster-admin-bindings',
        status: 'pass',
        applicable: 3,
        failing: 0,
      },
      {
        controlId: 'network-default-deny',
        status: 'pass',
        applicable: 2,
        failing: 0,
      },
    ],
    findingCount: 2,
    sha256: 'a'.repeat(64),
    ...overrides,
  };
}

/** What `GET /clusters` lists of a snapshot. */
export function summaryOf({
  scores: _scores,
  results: _results,
  ...rest
}: Snapshot): SnapshotSummary {
  return rest;
}

export function cluster(overrides: Partial<ClusterStatus> = {}): ClusterStatus {
  return {
    name: 'sparki-dev',
    source: 'manifests',
    entityRef: 'resource:default/eks-dev',
    scanning: false,
    latestSnapshot: summaryOf(snapshot()),
    ...overrides,
  };
}

export const findings: PostureFinding[] = [
  {
    id: 1,
    snapshotId: 7,
    cluster: 'sparki-dev',
    namespace: 'web',
    controlId: 'pss-privileged-containers',
    severity: 'critical',
    frameworks: ['pss-baseline'],
    status: 'fail',
    resourceKind: 'Deployment',
    resourceName: 'frontend',
    container: 'nginx',
    message: 'container "nginx" runs privileged',
    evidence: { privileged: true },
  },
  {
    id: 2,
    snapshotId: 7,
    cluster: 'sparki-dev',
    namespace: 'web',
    controlId: 'pss-privileged-containers',
    severity: 'critical',
    frameworks: ['pss-baseline'],
    status: 'fail',
    resourceKind: 'DaemonSet',
    resourceName: 'log-shipper',
    container: 'shipper',
    message: 'container "shipper" runs privileged',
  },
];

export const history: HistoryPoint[] = [
  {
    snapshotId: 6,
    collectedAt: '2026-11-21T09:00:00.000Z',
    partial: true,
    score: null,
    byFramework: { 'pss-baseline': null },
  },
  {
    snapshotId: 7,
    collectedAt: '2026-11-21T10:00:00.000Z',
    partial: false,
    score: 72.5,
    byFramework: { 'pss-baseline': 50 },
  },
];

/** Overrides making `snapshot` the latest (and only) snapshot of the sparki-dev cluster. */
export function latest(
  latestSnapshot: Snapshot,
): Partial<jest.Mocked<SecurityPostureApi>> {
  return {
    listClusters: jest
      .fn()
      .mockResolvedValue([
        cluster({ latestSnapshot: summaryOf(latestSnapshot) }),
      ]),
    getSnapshot: jest.fn().mockResolvedValue(latestSnapshot),
  };
}

/** An API whose every method is a jest mock answering with the fixtures above. */
export function mockPostureApi(
  overrides: Partial<jest.Mocked<SecurityPostureApi>> = {},
): jest.Mocked<SecurityPostureApi> {
  return {
    listClusters: jest.fn().mockResolvedValue([cluster()]),
    getHistory: jest.fn().mockResolvedValue(history),
    getSnapshot: jest.fn().mockResolvedValue(snapshot()),
    listFindings: jest.fn().mockResolvedValue({ items: findings }),
    listControls: jest.fn().mockResolvedValue(controls),
    triggerScan: jest.fn().mockResolvedValue(snapshot({ id: 8 })),
    whatIf: jest.fn().mockResolvedValue({
      cluster: 'sparki-dev',
      inventoryCollectedAt: '2026-11-21T10:00:00.000Z',
      target: 'restricted:latest',
      evaluated: 3,
      rejectedCount: 1,
      namespaces: [
        {
          namespace: 'web',
          currentEnforce: 'privileged:latest',
          evaluated: 2,
          rejected: [
            {
              resource: {
                kind: 'Deployment',
                name: 'frontend',
                namespace: 'web',
              },
              violations: [
                {
                  checkId: 'runAsNonRoot',
                  container: 'nginx',
                  forbiddenReason: 'runAsNonRoot != true',
                  forbiddenDetail:
                    'container "nginx" must not set runAsNonRoot=false',
                },
              ],
            },
          ],
        },
        {
          namespace: 'payments',
          currentEnforce: 'restricted:latest',
          evaluated: 1,
          rejected: [],
        },
      ],
    }),
    ...overrides,
  };
}
