/* Builders of Kubernetes objects and inventories for tests; never imported by production code. */
import { ClusterInventory, InventoryKind, KubeObject } from '../inventory';
import { buildInventory } from '../manifests';
import {
  EvaluationOptions,
  createEvaluationContext,
} from '../evaluation/context';
import { Control, ControlEvaluation } from '../controls';

export function inventoryOf(...objects: KubeObject[]): ClusterInventory {
  return buildInventory(objects, {
    cluster: 'test',
    collectedAt: '2026-01-01T00:00:00.000Z',
  }).inventory;
}

/** Evaluates one control on objects, returning its evaluation. */
export function evaluateControl(
  control: Control,
  objects: KubeObject[],
  options?: EvaluationOptions,
): ControlEvaluation {
  return control.evaluate!(
    createEvaluationContext(inventoryOf(...objects), options),
  );
}

/** The `kind/namespace/name[/container]` of each finding, for compact assertions. */
export function findingKeys(evaluation: ControlEvaluation): string[] {
  return evaluation.findings.map(({ resource: r }) =>
    [
      r.kind,
      r.namespace ?? '',
      r.name,
      ...(r.container ? [r.container] : []),
    ].join('/'),
  );
}

export function namespace(
  name: string,
  labels: Record<string, string> = {},
): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function container(name: string, extra: Record<string, unknown> = {}) {
  return { name, image: `registry.example/${name}:1.0`, ...extra };
}

/** A pod spec that meets Pod Security `restricted` and every CIS §5.2/5.6 workload control. */
export function hardenedSpec(
  extra: Record<string, unknown> = {},
): Record<string, any> {
  return {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 1000,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [
      container('app', {
        securityContext: {
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        },
      }),
    ],
    ...extra,
  };
}

export function pod(
  ns: string,
  name: string,
  spec: Record<string, any>,
  labels: Record<string, string> = {},
  metadata: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels, ...metadata },
    spec,
  };
}

export function deployment(
  ns: string,
  name: string,
  spec: Record<string, any>,
  labels: Record<string, string> = { app: name },
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec },
    },
  };
}

export function serviceAccount(
  ns: string,
  name: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: ns },
    ...extra,
  };
}

export function role(ns: string, name: string, rules: unknown[]): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name, namespace: ns },
    rules,
  };
}

export function clusterRole(
  name: string,
  rules: unknown[],
  extra: { labels?: Record<string, string>; aggregationRule?: unknown } = {},
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name, labels: extra.labels ?? {} },
    rules,
    ...(extra.aggregationRule
      ? { aggregationRule: extra.aggregationRule }
      : {}),
  };
}

export type Subject = { kind: string; name: string; namespace?: string };

export const group = (name: string): Subject => ({ kind: 'Group', name });
export const user = (name: string): Subject => ({ kind: 'User', name });
export const sa = (ns: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace: ns,
});

export function clusterRoleBinding(
  name: string,
  roleName: string,
  subjects: Subject[],
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: roleName,
    },
    subjects,
  };
}

export function roleBinding(
  ns: string,
  name: string,
  roleRef: { kind: 'Role' | 'ClusterRole'; name: string },
  subjects: Subject[],
): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name, namespace: ns },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

export function networkPolicy(
  ns: string,
  name: string,
  spec: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: ns },
    spec,
  };
}

export function withUnavailable(
  inventory: ClusterInventory,
  kind: InventoryKind,
  reason = '403 Forbidden',
): ClusterInventory {
  return {
    ...inventory,
    unavailable: [...inventory.unavailable, { kind, reason }],
  };
}
