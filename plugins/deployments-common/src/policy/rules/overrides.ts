import type { DeploymentRequest, Override } from '../../types';

/**
 * The latest override of `kind` that carries a reason; one without a reason is never honoured.
 * Whether its author holds `deployments.override` is the backend's check before it records it.
 */
export function findOverride(
  request: DeploymentRequest,
  kind: Override['kind'],
): Override | undefined {
  return [...request.overrides]
    .reverse()
    .find(
      override => override.kind === kind && override.reason.trim().length > 0,
    );
}
