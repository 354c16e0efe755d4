import { Finding, ResourceRef } from '../../controls';
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
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    const judge = (ref: ResourceRef) => {
      applicable.push(ref);
      if (ref.namespace === 'default') {
        findings.push({
          controlId: 'general-default-namespace',
          resource: ref,
          message: `${describeResource(ref)} is in the default namespace`,
        });
      }
    };
    context.userWorkloads.forEach(workload => judge(workload.resource));
    const { serviceaccounts, roles, rolebindings, networkpolicies } =
      context.inventory.objects;
    const judgeObjects = (
      objects: readonly KubeObject[] | undefined,
      kindOf: (object: KubeObject) => string,
    ) => {
      for (const object of objects ?? []) {
        const kind = kindOf(object);
        const namespace = object.metadata.namespace ?? 'default';
        if (
          context.isSystemNamespace(namespace) ||
          notJudgedKinds.has(kind) ||
          // The default ServiceAccount exists in every namespace.
          (kind === 'ServiceAccount' && object.metadata.name === 'default') ||
          (namespace === 'default' &&
            createdByKubernetes.has(`${kind}/${object.metadata.name}`))
        ) {
          continue;
        }
        judge({ kind, name: object.metadata.name, namespace });
      }
    };
    judgeObjects(serviceaccounts, () => 'ServiceAccount');
    judgeObjects(roles, () => 'Role');
    judgeObjects(rolebindings, () => 'RoleBinding');
    judgeObjects(networkpolicies, () => 'NetworkPolicy');
    // Held for the default namespace only: every one is a finding.
    judgeObjects(context.inventory.objects.defaultnamespaceobjects, object =>
      String(object.kind),
    );
    return evaluation(applicable, findings);
  },
});
