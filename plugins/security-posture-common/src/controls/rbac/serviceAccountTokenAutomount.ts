import { Finding, ResourceRef } from '../../controls';
import { serviceAccountOf, workloadKinds } from '../../kube/workloads';
import { Grant, undeterminedGrants } from '../../rbac/rbacIndex';
import { serviceAccountsWithGrants } from '../../rbac/serviceAccountGrants';
import { defineControl, evaluation } from '../defineControl';

/**
 * Whether a token is "necessary" cannot be read from a manifest; what can is whether it grants
 * anything: a workload whose service account is bound to no role gets nothing from its token but
 * API discovery, so mounting it only exposes a credential. Those workloads fail. Bindings to
 * Kubernetes default roles count whether or not the inventory holds the role; a workload whose
 * account is bound only to roles that are neither is not judged.
 */
export const serviceAccountTokenAutomount = defineControl({
  id: 'rbac-service-account-token-automount',
  title: 'Ensure that Service Account Tokens are only mounted where necessary',
  frameworks: ['rbac'],
  cisKubernetes: '5.1.6',
  cisEks: '4.1.6',
  severity: 'medium',
  runbook: 'service-account-tokens',
  rationale:
    'A mounted token is a credential any process of the pod (or an attacker in it) can use against the API server.',
  remediation:
    'Set `automountServiceAccountToken: false` in the pod spec or on the ServiceAccount of workloads that do not call the Kubernetes API.',
  requires: [
    ...workloadKinds,
    'serviceaccounts',
    'rolebindings',
    'clusterrolebindings',
  ],
  evaluate(context) {
    const grantsOf = serviceAccountsWithGrants(context.rbac.grants);
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    const undetermined: Grant[] = [];
    for (const workload of context.userWorkloads) {
      const name = serviceAccountOf(workload.spec);
      const serviceAccount = context.serviceAccounts.get(
        `${workload.namespace}/${name}`,
      );
      const automount =
        workload.spec.automountServiceAccountToken ??
        serviceAccount?.automountServiceAccountToken ??
        true;
      const grants = automount ? grantsOf(workload.namespace, name) : [];
      if (grants.length > 0 && grants.every(g => g.roleSource === 'unknown')) {
        // Bound only to roles whose rules are unknown: whether the token grants anything is too.
        undetermined.push(grants[0]);
        continue;
      }
      applicable.push(workload.resource);
      if (automount && grants.length === 0) {
        findings.push({
          controlId: 'rbac-service-account-token-automount',
          resource: workload.resource,
          message: `${workload.resource.kind} "${workload.namespace}/${workload.resource.name}" mounts the token of ServiceAccount "${name}", which no role binding grants any permission`,
          evidence: {
            serviceAccount: name,
            podAutomount: workload.spec.automountServiceAccountToken ?? null,
            serviceAccountAutomount:
              serviceAccount?.automountServiceAccountToken ?? null,
          },
        });
      }
    }
    return {
      ...evaluation(applicable, findings),
      ...undeterminedGrants(undetermined),
    };
  },
});
