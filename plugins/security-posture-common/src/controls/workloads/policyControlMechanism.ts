import { Finding, ResourceRef } from '../../controls';
import { namespacePolicyOf } from '../../podSecurity/workloadPodSecurity';
import { defineControl, evaluation, namespaceRef } from '../defineControl';

export const policyControlMechanism = defineControl({
  id: 'workload-policy-control-mechanism',
  title:
    'Ensure that the cluster has at least one active policy control mechanism in place',
  cisKubernetes: '5.2.1',
  severity: 'high',
  runbook: 'pod-security-admission',
  rationale:
    'Without an admission policy, nothing stops a privileged or host-namespace pod from being created in the namespace.',
  remediation:
    'Label each namespace that runs user workloads, e.g. `kubectl label ns <ns> pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/warn=restricted`.',
  requires: ['namespaces'],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    for (const namespace of context.userNamespaces) {
      const ref = namespaceRef(namespace.metadata.name);
      applicable.push(ref);
      const policy = namespacePolicyOf(namespace);
      if (Object.values(policy).every(mode => mode.level === 'privileged')) {
        findings.push({
          controlId: 'workload-policy-control-mechanism',
          resource: ref,
          message: `Namespace "${ref.name}" has no Pod Security Admission label restricting pods (enforce, audit and warn are unset or privileged); an external engine (Kyverno, Gatekeeper) is not visible to this scan`,
          evidence: {
            enforce: policy.enforce.level,
            audit: policy.audit.level,
            warn: policy.warn.level,
          },
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
