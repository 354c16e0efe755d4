import { Finding, ResourceRef } from '../../controls';
import {
  describeGrantScope,
  describeSubject,
  grantEvidence,
} from '../../rbac/rbacIndex';
import { defineControl, evaluation } from '../defineControl';

export const clusterAdminBindings = defineControl({
  id: 'rbac-cluster-admin-bindings',
  title: 'Ensure that the cluster-admin role is only used where required',
  frameworks: ['rbac'],
  cisKubernetes: '5.1.1',
  cisEks: '4.1.1',
  severity: 'critical',
  runbook: 'rbac-least-privilege',
  rationale:
    'cluster-admin grants every verb on every resource; a leaked credential of any subject bound to it owns the cluster.',
  remediation:
    'Bind people and workloads to roles with only the permissions they use, then delete the binding to cluster-admin: `kubectl delete clusterrolebinding <name>`.',
  requires: ['rolebindings', 'clusterrolebindings'],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const grant of context.rbac.grants) {
      if (grant.builtIn || grant.subjects.length === 0) {
        continue;
      }
      applicable.push(grant.binding);
      if (
        grant.role.kind === 'ClusterRole' &&
        grant.role.name === 'cluster-admin'
      ) {
        const extra = grantEvidence(grant, context.rbac);
        findings.push({
          controlId: 'rbac-cluster-admin-bindings',
          resource: grant.binding,
          message: `${grant.binding.kind} "${
            grant.binding.name
          }" binds cluster-admin to ${grant.subjects
            .map(describeSubject)
            .join(', ')} ${describeGrantScope(grant)}${
            grant.lookalike ? `; it ${grant.lookalike}` : ''
          }`,
          evidence: {
            subjects: grant.subjects,
            scope: grant.namespace ?? '*',
            roleSource: extra.roleSource,
            notExempt: extra.notExempt,
            incomplete: extra.incomplete,
          },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
