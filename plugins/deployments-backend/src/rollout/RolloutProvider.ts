import { ConflictError, CustomErrorBase } from '@backstage/errors';
import type {
  ProviderReference,
  RolloutStatus,
} from '@sparki/deployments-common';

/** The two colors of a blue-green pair, as the `version` label of the pods and the Service selector. */
export const colors = ['blue', 'green'] as const;
export type Color = (typeof colors)[number];

export function otherColor(color: Color): Color {
  return color === 'blue' ? 'green' : 'blue';
}

/**
 * Who switches traffic: a person (impersonated on the cluster, author of a GitOps commit) or the
 * portal itself (automated rollback), and why.
 */
export interface RolloutChange {
  actor:
    | { kind: 'user'; userRef: string; groups: string[] }
    | { kind: 'system'; name: string };
  reason: string;
  requestId: string;
  /** The decision this change carries out; a retry with the same id is recognised and not redone. */
  eventId: string;
  /** When the change is made: written into the object's annotations. */
  at: Date;
}

/** What a promote or rollback did: the traffic target before and after, and where it is recorded. */
export interface RolloutOutcome {
  /** The target that served traffic before (a color, a rollout revision). */
  from: string;
  /** The target that serves traffic now. */
  to: string;
  providerRef: ProviderReference;
  /** In words, for the audit log and the history ("sparki-api now selects green"). */
  summary: string;
}

/** Whether the promoted target is healthy; `unknown` is never taken as healthy. */
export type HealthResult =
  | { status: 'healthy' }
  | { status: 'unhealthy' | 'unknown'; reason: string };

/**
 * One way of switching a service's traffic in one environment. Implementations refuse (throw
 * `RolloutRefusedError`) when the target is not ready, and throw `RolloutBackendError` when the
 * cluster or repository fails: neither is ever reported as success.
 */
export interface RolloutProvider {
  readonly kind: ProviderReference['provider'];
  /** Sends traffic to the new version (the preview color, the paused rollout's next step). */
  promote(change: RolloutChange): Promise<RolloutOutcome>;
  /** Sends traffic back to `to` (what `promote` reported as `from`). */
  rollback(change: RolloutChange, to: string): Promise<RolloutOutcome>;
  /**
   * Stops a switch still in progress, the stable version taking all traffic (Argo Rollouts'
   * abort); absent where a switch is atomic and there is nothing to stop (roll back instead).
   */
  abort?(change: RolloutChange): Promise<RolloutOutcome>;
  /** Tries an aborted switch again (Argo Rollouts' retry); absent where `abort` is. */
  retry?(change: RolloutChange): Promise<RolloutOutcome>;
  /** What serves traffic now, for "what runs where"; a failure to read it is said in `phase`. */
  status(): Promise<RolloutStatus>;
  /** Creates what the provider needs before its first switch (the demo's seeded repository). */
  prepare?(): Promise<void>;
  /** The health of what `promote` switched to; undefined when the provider cannot tell. */
  checkHealth?(target: string): Promise<HealthResult>;
}

/** The cluster or repository refused the switch as it stands (target not ready, rollout aborted): 409. */
export class RolloutRefusedError extends ConflictError {}

/** The cluster or repository could not be reached or failed: 502, the portal itself is fine. */
export class RolloutBackendError extends CustomErrorBase {
  name = 'RolloutBackendError' as const;
  readonly statusCode = 502;
}
