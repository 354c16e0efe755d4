import { Control, Finding, ResourceRef } from '../../controls';
import {
  Container,
  containerResource,
  containerLists,
  PodWorkload,
  workloadKinds,
} from '../../kube/workloads';
import { defineControl, evaluation, namespaceRef } from '../defineControl';
import {
  describeLevel,
  namespacePolicyOf,
} from '../../podSecurity/workloadPodSecurity';
import { comparePodSecurityLevels, PodSecurityCheckLevel } from '../../pss';

/** A violation inside one workload, optionally of one container. */
export interface WorkloadViolation {
  container?: string;
  message: string;
  evidence?: Record<string, unknown>;
}

type WorkloadAdmissionDefinition = Omit<
  Parameters<typeof defineControl>[0],
  'evaluate' | 'requires'
> & {
  /** The lowest Pod Security Standards level whose enforcement keeps such pods out. */
  preventedBy: PodSecurityCheckLevel;
  /** What the namespace admits, for messages: e.g. `privileged containers`. */
  admits: string;
  inspect(workload: PodWorkload): WorkloadViolation[];
};

/**
 * CIS §5.2 asks to "minimize the admission" of risky pods. Both halves are judged: each user
 * namespace whose enforced Pod Security level would admit such pods, and each running workload
 * that is such a pod. The applicable resources are the user namespaces plus their workloads.
 */
export function defineWorkloadAdmissionControl(
  definition: WorkloadAdmissionDefinition,
): Control {
  const { preventedBy, admits, inspect, ...metadata } = definition;
  return defineControl({
    ...metadata,
    requires: ['namespaces', ...workloadKinds],
    evaluate(context) {
      const applicable: ResourceRef[] = [];
      const findings: Finding[] = [];
      for (const namespace of context.userNamespaces) {
        const ref = namespaceRef(namespace.metadata.name);
        applicable.push(ref);
        const enforce = namespacePolicyOf(namespace).enforce;
        if (comparePodSecurityLevels(enforce.level, preventedBy) < 0) {
          const label =
            namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'];
          findings.push({
            controlId: metadata.id,
            resource: ref,
            message: `Namespace "${
              ref.name
            }" admits ${admits}: pod-security.kubernetes.io/enforce is ${
              label ? `"${label}"` : 'not set'
            } (needs "${preventedBy}" or stricter)`,
            evidence: {
              enforce: describeLevel(enforce.level, enforce.version),
              required: preventedBy,
            },
          });
        }
      }
      // Every workload, in each of a dozen controls: indexed loops, as `for...of` allocates an
      // iterator per loop until the JIT has optimized it.
      const workloads = context.userWorkloads;
      for (let w = 0; w < workloads.length; w++) {
        const workload = workloads[w];
        applicable.push(workload.resource);
        const violations = inspect(workload);
        for (let v = 0; v < violations.length; v++) {
          findings.push(workloadFinding(metadata.id, workload, violations[v]));
        }
      }
      return evaluation(applicable, findings);
    },
  });
}

const subjects = new WeakMap<PodWorkload, string>();

/**
 * `Deployment "ns/name": `, built once per workload and shared by the messages of its findings
 * in every workload control.
 */
function subjectOf(workload: PodWorkload): string {
  let subject = subjects.get(workload);
  if (subject === undefined) {
    subject = `${workload.resource.kind} "${workload.namespace}/${workload.resource.name}": `;
    subjects.set(workload, subject);
  }
  return subject;
}

/** The finding of a workload violation (evidence only when the violation has some). */
export function workloadFinding(
  controlId: string,
  workload: PodWorkload,
  violation: WorkloadViolation,
): Finding {
  const resource = containerResource(workload, violation.container);
  const message = subjectOf(workload) + violation.message;
  // Each shape in one literal: no property added later (thousands of findings per control).
  return violation.evidence
    ? { controlId, resource, message, evidence: violation.evidence }
    : { controlId, resource, message };
}

const noViolations: WorkloadViolation[] = [];

/**
 * Runs a per-container check over every container of the workload (containers, init, ephemeral).
 * Allocates nothing for a workload without violations: most of them, and every control runs it.
 */
export function eachContainer(
  workload: PodWorkload,
  check: (
    container: Container,
  ) => Omit<WorkloadViolation, 'container'> | undefined,
): WorkloadViolation[] {
  let violations: WorkloadViolation[] | undefined;
  for (let l = 0; l < containerLists.length; l++) {
    const containers = workload.spec[containerLists[l]];
    if (!Array.isArray(containers)) continue;
    for (let c = 0; c < containers.length; c++) {
      const container: Container = containers[c];
      if (!container || typeof container !== 'object') continue;
      const violation = check(container);
      if (violation) {
        // Not a spread: most violations come from here, and a literal is cheaper.
        (violations ??= []).push(
          violation.evidence
            ? {
                container: container.name,
                message: violation.message,
                evidence: violation.evidence,
              }
            : { container: container.name, message: violation.message },
        );
      }
    }
  }
  return violations ?? noViolations;
}
