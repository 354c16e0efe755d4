import { Finding, ResourceRef } from '../../controls';
import { serviceAccountOf, workloadKinds } from '../../kube/workloads';
import { serviceAccountsWithGrants } from '../../rbac/serviceAccountGrants';
import { defineControl, evaluation } from '../defineControl';
import type { EvaluationContext } from '../../evaluation/context';

/**
 * Every namespace the inventory shows to exist: its Namespace objects and the namespaces of its
 * namespaced objects and of the service accounts its bindings name, sorted.
 */
function namespacesOf(context: EvaluationContext): string[] {
  const { objects } = context.inventory;
  const namespaces = new Set(
    (objects.namespaces ?? []).map(ns => ns.metadata.name),
  );
  for (const list of Object.values(objects)) {
    if (!list) continue;
    // Indexed: every object of the cluster (see `listPodWorkloads`).
    for (let i = 0; i < list.length; i++) {
      const namespace = list[i].metadata.namespace;
      if (namespace) namespaces.add(namespace);
    }
  }
  for (const grant of context.rbac.grants) {
    if (grant.namespace) namespaces.add(grant.namespace);
    for (const subject of grant.subjects) {
      if (subject.kind === 'ServiceAccount' && subject.namespace) {
        namespaces.add(subject.namespace);
      }
    }
  }
  return [...namespaces].sort();
}

/** How many of the workloads using a default service account its evidence names. */
const evidenceWorkloads = 20;

export const defaultServiceAccounts = defineControl({
  id: 'rbac-default-service-accounts',
  title: 'Ensure that default service accounts are not actively used',
  frameworks: ['rbac'],
  cisKubernetes: '5.1.5',
  cisEks: '4.1.5',
  severity: 'medium',
  runbook: 'service-account-tokens',
  rationale:
    'Every pod that names no service account runs as "default": permissions granted to it, and its automatically mounted token, reach all of them.',
  remediation:
    'Set `automountServiceAccountToken: false` on each default ServiceAccount, bind no role to it, and give workloads that call the API a dedicated ServiceAccount.',
  requires: [
    'serviceaccounts',
    'rolebindings',
    'clusterrolebindings',
    ...workloadKinds,
  ],
  evaluate(context) {
    const grantsOf = serviceAccountsWithGrants(context.rbac.grants);
    // Per namespace, how many workloads run as "default" and the first few, as evidence names
    // (most workloads of a cluster may: no name is built for the others).
    const usersByNamespace = new Map<
      string,
      { count: number; named: string[] }
    >();
    const workloads = context.workloads;
    // Indexed: every pod and template (`for...of` allocates until the JIT optimizes it).
    for (let w = 0; w < workloads.length; w++) {
      const workload = workloads[w];
      if (serviceAccountOf(workload.spec) === 'default') {
        let users = usersByNamespace.get(workload.namespace);
        if (!users) {
          users = { count: 0, named: [] };
          usersByNamespace.set(workload.namespace, users);
        }
        users.count += 1;
        if (users.named.length < evidenceWorkloads) {
          users.named.push(
            `${workload.resource.kind}/${workload.resource.name}`,
          );
        }
      }
    }
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const namespace of namespacesOf(context)) {
      // Kubernetes creates "default" in every namespace, so it is judged whether or not the
      // files declare it; undeclared, it has the defaults (the token is mounted).
      const serviceAccount = context.serviceAccounts.get(
        `${namespace}/default`,
      );
      const ref: ResourceRef = {
        kind: 'ServiceAccount',
        name: 'default',
        namespace,
      };
      applicable.push(ref);
      const problems: string[] = [];
      if (serviceAccount?.automountServiceAccountToken !== false) {
        problems.push('does not set automountServiceAccountToken: false');
      }
      const bindings = grantsOf(namespace, 'default')
        .filter(grant => grant.subjects.some(s => s.kind === 'ServiceAccount'))
        .map(grant => `${grant.binding.kind}/${grant.binding.name}`);
      if (bindings.length > 0) {
        problems.push(`is bound by ${bindings.join(', ')}`);
      }
      const users = usersByNamespace.get(namespace);
      if (users) {
        problems.push(
          `is used by ${users.count} workload${users.count === 1 ? '' : 's'}`,
        );
      }
      if (problems.length > 0) {
        findings.push({
          controlId: 'rbac-default-service-accounts',
          resource: ref,
          message: `ServiceAccount "${namespace}/default"${
            serviceAccount
              ? ''
              : ' (not in the inventory: Kubernetes creates it)'
          } ${problems.join('; ')}`,
          evidence: {
            inInventory: serviceAccount !== undefined,
            automountServiceAccountToken:
              serviceAccount?.automountServiceAccountToken ?? null,
            bindings,
            workloads: users?.named ?? [],
          },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
