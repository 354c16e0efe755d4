import { Finding, ResourceRef } from '../../controls';
import { containerResource, workloadKinds } from '../../kube/workloads';
import {
  describeLevel,
  namespacePolicyOf,
  podSecurityViolations,
  PodSecurityViolation,
} from '../../podSecurity/workloadPodSecurity';
import { defineControl, evaluation } from '../defineControl';

/**
 * Admission only judges pods when they are created: a workload created before its namespace was
 * labelled (or whose pods were admitted by an older policy version) keeps running while breaking
 * the policy, and its next rollout or rescheduled pod is rejected. This control finds them.
 */
export const pssNamespaceEnforce = defineControl({
  id: 'pss-namespace-enforce',
  title: "Workloads meet their namespace's enforced Pod Security level",
  frameworks: ['pss-baseline', 'pss-restricted'],
  severity: 'high',
  runbook: 'pod-security-admission',
  rationale:
    'A running workload that violates the level its namespace enforces will have its next pods rejected: a rollout, a node drain or a crash turns into an outage.',
  remediation:
    'Fix the workload to meet the namespace level before its pods are recreated, or (temporarily) lower the namespace enforce label and keep warn/audit at the target level.',
  requires: ['namespaces', ...workloadKinds],
  evaluate(context) {
    const applicable: ResourceRef[] = [];
    const findings: Finding[] = [];
    // One evidence object per enforced level and check, shared by its findings (read-only).
    const evidenceByEnforce = new Map<
      string,
      Map<string, Finding['evidence']>
    >();
    const problems = new Map<PodSecurityViolation, string>();
    // Indexed loops, as in `defineWorkloadAdmissionControl`; the context's indexes read once.
    const workloads = context.userWorkloads;
    const namespacesByName = context.namespacesByName;
    const podSecurity = context.podSecurity;
    for (let w = 0; w < workloads.length; w++) {
      const workload = workloads[w];
      const enforce = namespacePolicyOf(
        namespacesByName.get(workload.namespace),
      ).enforce;
      applicable.push(workload.resource);
      if (enforce.level === 'privileged') continue;
      const violations = podSecurityViolations(
        workload,
        enforce.level,
        enforce.version,
        podSecurity,
      );
      if (violations.length === 0) continue;
      const namespaceEnforce = describeLevel(enforce.level, enforce.version);
      let evidenceByCheck = evidenceByEnforce.get(namespaceEnforce);
      if (!evidenceByCheck) {
        evidenceByCheck = new Map();
        evidenceByEnforce.set(namespaceEnforce, evidenceByCheck);
      }
      const subject = `${workload.resource.kind} "${workload.namespace}/${workload.resource.name}" violates its namespace's enforced ${namespaceEnforce} (check `;
      for (let v = 0; v < violations.length; v++) {
        const violation = violations[v];
        let evidence = evidenceByCheck.get(violation.checkId);
        if (!evidence) {
          evidence = { checkId: violation.checkId, namespaceEnforce };
          evidenceByCheck.set(violation.checkId, evidence);
        }
        // Violations are shared by workloads of the same checked content: so is their text.
        let problem = problems.get(violation);
        if (problem === undefined) {
          problem = `${violation.checkId}: ${violation.forbiddenReason} (${violation.forbiddenDetail})); its next pods will be rejected`;
          problems.set(violation, problem);
        }
        findings.push({
          controlId: 'pss-namespace-enforce',
          resource: containerResource(workload, violation.container),
          message: subject + problem,
          evidence,
        });
      }
    }
    return evaluation(applicable, findings);
  },
});
