import { Finding, ResourceRef } from '../../controls';
import { workloadKinds } from '../../kube/workloads';
import { defineControl, describeResource, evaluation } from '../defineControl';

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
    'Move workloads and their ServiceAccounts and Roles to a dedicated namespace; label "default" `pod-security.kubernetes.io/enforce: restricted` so nothing new runs there.',
  requires: [...workloadKinds, 'serviceaccounts', 'roles', 'rolebindings'],
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
    const { serviceaccounts, roles, rolebindings } = context.inventory.objects;
    for (const [kind, objects] of [
      ['ServiceAccount', serviceaccounts],
      ['Role', roles],
      ['RoleBinding', rolebindings],
    ] as const) {
      for (const object of objects ?? []) {
        const namespace = object.metadata.namespace ?? 'default';
        // The default ServiceAccount exists in every namespace; it is not a use of the namespace.
        if (
          context.isSystemNamespace(namespace) ||
          (kind === 'ServiceAccount' && object.metadata.name === 'default')
        ) {
          continue;
        }
        judge({ kind, name: object.metadata.name, namespace });
      }
    }
    return evaluation(applicable, findings);
  },
});
