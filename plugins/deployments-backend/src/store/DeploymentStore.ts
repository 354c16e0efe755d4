import type {
  DeploymentEvent,
  DeploymentRequest,
  DeploymentState,
  TransitionResult,
} from '@sparki/deployments-common';

export interface RequestFilter {
  states?: DeploymentState[];
  environment?: string;
  serviceRef?: string;
  /** Newest first; default 100. */
  limit?: number;
}

/** Why the store refused an event, beyond what `transition` refuses. */
export type ApplyResult =
  | TransitionResult
  | { ok: false; error: { kind: 'not-found'; message: string } };

/**
 * Where deployment requests live. The database is the only truth across replicas: every write is
 * one transaction that re-reads the request, applies `transition` and writes only if the revision
 * it read is still current.
 */
export interface DeploymentStore {
  /** Stores a new request with its decisions so far (e.g. the `submit`), in one transaction. */
  insert(request: DeploymentRequest, expiresAt?: Date): Promise<void>;
  get(id: string): Promise<DeploymentRequest | undefined>;
  list(filter: RequestFilter): Promise<DeploymentRequest[]>;
  /**
   * Applies one event in one transaction: reads the request (FOR UPDATE where supported), runs
   * `transition`, and writes the new state, approval and decision under a compare-and-swap on
   * the revision. A replayed event id writes nothing.
   */
  apply(id: string, event: DeploymentEvent, now: Date): Promise<ApplyResult>;
  /** Ids of requests still pending a decision whose expiry is at or before `now`. */
  listExpired(now: Date, limit: number): Promise<string[]>;
}
