import { V1Deployment, V1EndpointSlice } from '@kubernetes/client-node';

/**
 * Why a Deployment is not fully rolled out, or undefined when it is: the controller has seen the
 * latest spec, every desired replica is updated and available, no old replica is left, and the
 * rollout has not exceeded its progress deadline (the checks of `kubectl rollout status`).
 */
export function notRolledOut(deployment: V1Deployment): string | undefined {
  const name = deployment.metadata?.name ?? 'deployment';
  const generation = deployment.metadata?.generation ?? 0;
  const status = deployment.status ?? {};
  const desired = deployment.spec?.replicas ?? 1;
  const stalled = status.conditions?.find(
    c => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
  );
  if (stalled) {
    return `${name} exceeded its progress deadline: ${
      stalled.message ?? 'ProgressDeadlineExceeded'
    }`;
  }
  if ((status.observedGeneration ?? 0) < generation) {
    return `${name} is not observed yet (generation ${generation}, observed ${
      status.observedGeneration ?? 'none'
    })`;
  }
  if (desired < 1) return `${name} is scaled to zero replicas`;
  const updated = status.updatedReplicas ?? 0;
  const available = status.availableReplicas ?? 0;
  const total = status.replicas ?? 0;
  if (updated !== desired || available !== desired || total !== desired) {
    return `${name} is not fully rolled out: ${updated} updated, ${available} available, ${total} total of ${desired} desired`;
  }
  return undefined;
}

/** Ready endpoints in the slices (a missing `ready` condition means ready, as the API defines). */
export function readyEndpoints(slices: V1EndpointSlice[]): number {
  return slices
    .flatMap(slice => slice.endpoints ?? [])
    .filter(endpoint => endpoint.conditions?.ready !== false).length;
}
