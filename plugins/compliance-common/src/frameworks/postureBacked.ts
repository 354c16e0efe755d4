import { getControl } from '@sparki/security-posture-common';
import { checkId } from '../checks';
import { Control } from '../types';

/**
 * A benchmark recommendation checked by one posture control: its wording, rationale, remediation,
 * runbook and severity are the posture control's, so the two never drift apart.
 */
export function postureBackedControl(
  id: string,
  postureControlId: string,
  benchmark: string,
): Control {
  const posture = getControl(postureControlId);
  if (!posture) {
    throw new Error(`unknown posture control "${postureControlId}"`);
  }
  return {
    id,
    title: posture.title,
    description: `${benchmark} recommendation ${id}, checked by the posture control "${posture.id}" on every scan.`,
    rationale: posture.rationale,
    remediation: posture.remediation,
    runbookId: posture.runbook,
    severity: posture.severity,
    requiredChecks: [checkId('posture-control', posture.id)],
  };
}
