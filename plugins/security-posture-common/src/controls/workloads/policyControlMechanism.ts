import { Finding, ResourceRef } from '../../controls';
import {
  policyEngineNames,
  policyEngineWebhooks,
} from '../../kube/policyEngineWebhooks';
import { namespacePolicyOf } from '../../podSecurity/workloadPodSecurity';
import { defineControl, evaluation, namespaceRef } from '../defineControl';

/**
 * A namespace has a policy control mechanism when Pod Security Admission restricts it (enforce,
 * audit or warn at baseline or restricted) or when a policy engine's validating webhook (Kyverno,
 * Gatekeeper; see `policyEngineWebhooks`) is sent the pods created in it.
 */
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
    'Label each namespace that runs user workloads, e.g. `kubectl label ns <ns> pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/warn=restricted`, or have a policy engine (Kyverno, Gatekeeper) validate the pods created in it.',
  requires: ['namespaces', 'validatingwebhookconfigurations'],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    const webhooks = policyEngineWebhooks(context.inventory);
    for (const namespace of context.userNamespaces) {
      const ref = namespaceRef(namespace.metadata.name);
      applicable.push(ref);
      const policy = namespacePolicyOf(namespace);
      if (Object.values(policy).some(mode => mode.level !== 'privileged')) {
        continue;
      }
      const subject = { name: ref.name, labels: namespace.metadata.labels };
      if (webhooks.some(webhook => webhook.selectsNamespace(subject))) {
        continue;
      }
      const why =
        webhooks.length === 0
          ? ` (${policyEngineNames.join(', ')}) checks its pods`
          : ` checks its pods: ${webhooks
              .map(
                ({ engine, name }) =>
                  `${engine} webhook "${name}" does not select this namespace`,
              )
              .join('; ')}`;
      findings.push({
        controlId: 'workload-policy-control-mechanism',
        resource: ref,
        message: `Namespace "${ref.name}" has no Pod Security Admission label restricting pods (enforce, audit and warn are unset or privileged) and no policy engine's validating webhook${why}`,
        evidence: {
          enforce: policy.enforce.level,
          audit: policy.audit.level,
          warn: policy.warn.level,
          policyEngineWebhooks: webhooks.map(
            ({ engine, name }) => `${engine}: ${name}`,
          ),
        },
      });
    }
    return evaluation(applicable, findings);
  },
});
