import { Control, Finding, ResourceRef } from '../../controls';
import { PodWorkload, workloadKinds } from '../../kube/workloads';
import {
  WorkloadViolation,
  workloadFinding,
} from '../workloads/workloadAdmissionControl';
import { defineControl, evaluation } from '../defineControl';

type WorkloadControlDefinition = Omit<
  Parameters<typeof defineControl>[0],
  'evaluate' | 'requires'
> & {
  inspect(workload: PodWorkload): WorkloadViolation[];
};

/** A control judging each user workload (pod or pod template) on its own. */
export function defineWorkloadControl(
  definition: WorkloadControlDefinition,
): Control {
  const { inspect, ...metadata } = definition;
  return defineControl({
    ...metadata,
    requires: workloadKinds,
    evaluate(context) {
      const applicable: ResourceRef[] = [];
      const findings: Finding[] = [];
      // Indexed loops, as in `defineWorkloadAdmissionControl`.
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
