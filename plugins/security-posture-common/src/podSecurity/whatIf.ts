import { ClusterInventory } from '../inventory';
import { ResourceRef } from '../controls';
import { listPodWorkloads } from '../kube/workloads';
import {
  parsePodSecurityLevel,
  parsePodSecurityVersion,
  PodSecurityLevel,
} from '../pss';
import {
  describeLevel,
  namespacePolicyOf,
  podSecurityViolations,
  PodSecurityViolation,
} from './workloadPodSecurity';

export interface WhatIfRequest {
  /** One namespace, or every namespace of the inventory when absent. */
  namespace?: string;
  level: PodSecurityLevel | string;
  /** `latest` (default) or `v1.N`. */
  version?: string;
}

export interface WhatIfNamespace {
  namespace: string;
  /** What the namespace enforces today, e.g. `baseline:latest`. */
  currentEnforce: string;
  /** Pods and pod templates evaluated. */
  evaluated: number;
  rejected: Array<{
    resource: ResourceRef;
    violations: PodSecurityViolation[];
  }>;
}

export interface WhatIfResult {
  /** The target, e.g. `restricted:v1.30`. */
  target: string;
  evaluated: number;
  rejectedCount: number;
  namespaces: WhatIfNamespace[];
}

/**
 * What labelling a namespace (or every namespace) `pod-security.kubernetes.io/enforce=<level>`
 * with `enforce-version=<version>` would do: the pods and pod templates whose pods would then be
 * rejected, and why (check and container). Throws TypeError on an invalid level or version.
 */
export function whatIfPodSecurity(
  inventory: ClusterInventory,
  request: WhatIfRequest,
): WhatIfResult {
  const level = parsePodSecurityLevel(request.level);
  if (!level) {
    throw new TypeError(
      `Invalid Pod Security level "${request.level}": expected privileged, baseline or restricted`,
    );
  }
  const version = parsePodSecurityVersion(request.version ?? 'latest');
  if (!version) {
    throw new TypeError(
      `Invalid Pod Security version "${request.version}": expected "latest" or "v1.N"`,
    );
  }
  const namespaceObjects = new Map(
    (inventory.objects.namespaces ?? []).map(ns => [ns.metadata.name, ns]),
  );
  const results = new Map<string, WhatIfNamespace>();
  const entryFor = (namespace: string) => {
    let entry = results.get(namespace);
    if (!entry) {
      const enforce = namespacePolicyOf(
        namespaceObjects.get(namespace),
      ).enforce;
      entry = {
        namespace,
        currentEnforce: describeLevel(enforce.level, enforce.version),
        evaluated: 0,
        rejected: [],
      };
      results.set(namespace, entry);
    }
    return entry;
  };
  if (request.namespace !== undefined) {
    entryFor(request.namespace);
  } else {
    namespaceObjects.forEach((_ns, name) => entryFor(name));
  }
  for (const workload of listPodWorkloads(inventory)) {
    if (
      request.namespace !== undefined &&
      workload.namespace !== request.namespace
    )
      continue;
    const entry = entryFor(workload.namespace);
    entry.evaluated += 1;
    const violations = podSecurityViolations(workload, level, version);
    if (violations.length > 0) {
      entry.rejected.push({
        resource: workload.resource,
        violations: [...violations],
      });
    }
  }
  const namespaces = [...results.values()].sort((a, b) =>
    a.namespace.localeCompare(b.namespace),
  );
  return {
    target: describeLevel(level, version),
    evaluated: namespaces.reduce((sum, ns) => sum + ns.evaluated, 0),
    rejectedCount: namespaces.reduce((sum, ns) => sum + ns.rejected.length, 0),
    namespaces,
  };
}
