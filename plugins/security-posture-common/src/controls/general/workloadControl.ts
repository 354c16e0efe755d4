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
      for (const workload of context.userWorkloads) {
        applicable.push(workload.resource);
        for (const violation of inspect(workload)) {
          findings.push(workloadFinding(metadata.id, workload, violation));
        }
      }
      return evaluation(applicable, findings);
    },
  });
}
