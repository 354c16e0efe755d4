import { getControl } from '@sparki/security-posture-common';
import { checkId } from '../checks';
import { Control, Framework } from '../types';

/** A Pod Security Standards level: every workload meets it and none violates its namespace's level. */
function level(
  id: 'baseline' | 'restricted',
  postureControlId: string,
  description: string,
): Control {
  const posture = getControl(postureControlId);
  if (!posture) {
    throw new Error(`unknown posture control "${postureControlId}"`);
  }
  return {
    id,
    title: posture.title,
    description,
    rationale: posture.rationale,
    remediation: posture.remediation,
    runbookId: posture.runbook,
    severity: posture.severity,
    requiredChecks: [
      checkId('posture-control', postureControlId),
      checkId('posture-control', 'pss-namespace-enforce'),
    ],
  };
}

/**
 * Kubernetes Pod Security Standards. Version `latest`: posture evaluates each workload at the
 * policy version its namespace pins, and unpinned ones at the newest, as the admission controller.
 */
export const podSecurityStandards: Framework = {
  id: 'pod-security-standards',
  title: 'Kubernetes Pod Security Standards',
  version: 'latest',
  section: 'baseline and restricted levels',
  controls: [
    level(
      'baseline',
      'pss-baseline',
      'Every workload meets the baseline level, and none violates the level its namespace enforces.',
    ),
    level(
      'restricted',
      'pss-restricted',
      'Every workload meets the restricted level, and none violates the level its namespace enforces.',
    ),
  ],
};
