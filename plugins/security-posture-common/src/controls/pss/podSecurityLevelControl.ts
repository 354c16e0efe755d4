import { Control, Finding, ResourceRef } from '../../controls';
import { containerResource, workloadKinds } from '../../kube/workloads';
import {
  describeLevel,
  namespacePolicyOf,
  podSecurityViolations,
  PodSecurityViolation,
} from '../../podSecurity/workloadPodSecurity';
import {
  comparePodSecurityLevels,
  parsePodSecurityVersion,
  PodSecurityCheckLevel,
} from '../../pss';
import { defineControl, evaluation } from '../defineControl';

type LevelControlDefinition = Omit<
  Parameters<typeof defineControl>[0],
  'evaluate' | 'requires'
> & {
  level: PodSecurityCheckLevel;
};

/**
 * Judges every user workload against a Pod Security Standards level at the scan's target version
 * (`pssVersion`), one finding per failed check and container. Evidence says what the namespace
 * enforces, and whether the workload also breaks that (see `pss-namespace-enforce`).
 */
export function definePodSecurityLevelControl(
  definition: LevelControlDefinition,
): Control {
  const { level, ...metadata } = definition;
  return defineControl({
    ...metadata,
    requires: ['namespaces', ...workloadKinds],
    evaluate(context) {
      const version = parsePodSecurityVersion(context.pssVersion) ?? 'latest';
      const levelText = describeLevel(level, version);
      const applicable: ResourceRef[] = [];
      const findings: Finding[] = [];
      // Evidence depends only on the check and the namespace's enforced level: one object per
      // pair, shared by its findings (thousands in a large cluster), as findings are read-only.
      const evidenceByEnforce = new Map<
        string,
        Map<string, Finding['evidence']>
      >();
      const problems = new Map<PodSecurityViolation, string>();
      // What each namespace enforces, looked up once per namespace instead of per workload.
      const enforcedIn = new Map<
        string,
        {
          enforce: ReturnType<typeof namespacePolicyOf>['enforce'];
          namespaceEnforce: string;
          evidenceByCheck: Map<string, Finding['evidence']>;
        }
      >();
      // Indexed loops, as in `defineWorkloadAdmissionControl`; the context's indexes read once.
      const workloads = context.userWorkloads;
      const podSecurity = context.podSecurity;
      for (let w = 0; w < workloads.length; w++) {
        const workload = workloads[w];
        applicable.push(workload.resource);
        const violations = podSecurityViolations(
          workload,
          level,
          version,
          podSecurity,
        );
        if (violations.length === 0) continue;
        let enforced = enforcedIn.get(workload.namespace);
        if (!enforced) {
          const enforce = namespacePolicyOf(
            context.namespacesByName.get(workload.namespace),
          ).enforce;
          const namespaceEnforce = describeLevel(
            enforce.level,
            enforce.version,
          );
          let evidenceByCheck = evidenceByEnforce.get(namespaceEnforce);
          if (!evidenceByCheck) {
            evidenceByCheck = new Map();
            evidenceByEnforce.set(namespaceEnforce, evidenceByCheck);
          }
          enforced = { enforce, namespaceEnforce, evidenceByCheck };
          enforcedIn.set(workload.namespace, enforced);
        }
        const { enforce, namespaceEnforce, evidenceByCheck } = enforced;
        const subject = `${workload.resource.kind} "${workload.namespace}/${workload.resource.name}" violates ${levelText} check `;
        for (let v = 0; v < violations.length; v++) {
          const violation = violations[v];
          let evidence = evidenceByCheck.get(violation.checkId);
          if (!evidence) {
            evidence = {
              checkId: violation.checkId,
              level: levelText,
              namespaceEnforce,
              enforcedAtLeastAsStrict:
                comparePodSecurityLevels(enforce.level, level) >= 0,
            };
            evidenceByCheck.set(violation.checkId, evidence);
          }
          // Violations are shared by workloads of the same checked content: so is their text.
          let problem = problems.get(violation);
          if (problem === undefined) {
            problem = `${violation.checkId}: ${violation.forbiddenReason} (${violation.forbiddenDetail})`;
            problems.set(violation, problem);
          }
          findings.push({
            controlId: metadata.id,
            resource: containerResource(workload, violation.container),
            message: subject + problem,
            evidence,
          });
        }
      }
      return evaluation(applicable, findings);
    },
  });
}
