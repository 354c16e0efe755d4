import { Finding, ResourceRef } from '../../controls';
import type { EvaluationContext } from '../../evaluation/context';
import { KubeObject } from '../../inventory';
import { workloadKinds } from '../../kube/workloads';
import { defineControl, describeResource, evaluation } from '../defineControl';

/**
 * What Kubernetes itself creates in `default`, by kind and name: it is there on every cluster and
 * is not a use of the namespace. Events (and the Endpoints and EndpointSlices of Services, which
 * are judged as their Service, `kubernetes` included) are not judged at all.
 */
const createdByKubernetes = new Set([
  'Service/kubernetes',
  'ConfigMap/kube-root-ca.crt',
]);
const notJudgedKinds = new Set(['Event', 'Endpoints', 'EndpointSlice']);

/** What the control has judged so far. */
interface Judged {
  applicable: ResourceRef[];
  findings: Finding[];
}

// Module functions, not closures of `evaluate`: they are optimized once, not per evaluation.
function judge(judged: Judged, ref: ResourceRef): void {
  judged.applicable.push(ref);
  if (ref.namespace === 'default') {
    judged.findings.push({
      controlId: 'general-default-namespace',
      resource: ref,
      message: `${describeResource(ref)} is in the default namespace`,
    });
  }
}

/** Judges objects of one kind (`kind`), or of mixed kinds (undefined: each object's own). */
function judgeObjects(
  judged: Judged,
  context: EvaluationContext,
  objects: readonly KubeObject[] | undefined,
  kind: string | undefined,
): void {
  for (const object of objects ?? []) {
    const objectKind = kind ?? String(object.kind);
    const namespace = object.metadata.namespace ?? 'default';
    if (
      context.isSystemNamespace(namespace) ||
      notJudgedKinds.has(objectKind) ||
      // The default ServiceAccount exists in every namespace.
      (objectKind === 'ServiceAccount' && object.metadata.name === 'default') ||
      (namespace === 'default' &&
        createdByKubernetes.has(`${objectKind}/${object.metadata.name}`))
    ) {
      continue;
    }
    judge(judged, { kind: objectKind, name: object.metadata.name, namespace });
  }
}

export const defaultNamespace = defineControl({
  id: 'general-default-namespace',
  title: 'The default namespace should not be used',
  cisKubernetes: '5.6.4',
  cisEks: '4.5.2',
  severity: 'low',
  runbook: 'namespaces',
  rationale:
    'Everything in "default" shares one set of policies, quotas and RBAC: objects put there by accident get none of the isolation their own namespace would give.',
  remediation:
    'Move workloads, their ServiceAccounts, Roles, ConfigMaps, Secrets, Services and the rest to a dedicated namespace; label "default" `pod-security.kubernetes.io/enforce: restricted` so nothing new runs there.',
  requires: [
    ...workloadKinds,
    'serviceaccounts',
    'roles',
    'rolebindings',
    'networkpolicies',
    'defaultnamespaceobjects',
  ],
  evaluate(context) {
    const judged: Judged = { applicable: [], findings: [] };
    const workloads = context.userWorkloads;
    for (let i = 0; i < workloads.length; i++) {
      judge(judged, workloads[i].resource);
    }
    const {
      serviceaccounts,
      roles,
      rolebindings,
      networkpolicies,
      defaultnamespaceobjects,
    } = context.inventory.objects;
    judgeObjects(judged, context, serviceaccounts, 'ServiceAccount');
    judgeObjects(judged, context, roles, 'Role');
    judgeObjects(judged, context, rolebindings, 'RoleBinding');
    judgeObjects(judged, context, networkpolicies, 'NetworkPolicy');
    // Held for the default namespace only: every one is a finding.
    judgeObjects(judged, context, defaultnamespaceobjects, undefined);
    return evaluation(judged.applicable, judged.findings);
  },
});
