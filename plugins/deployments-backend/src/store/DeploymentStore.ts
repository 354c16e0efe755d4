import type {
  DeploymentEvent,
  DeploymentHistoryItem,
  DeploymentRequest,
  DeploymentState,
  DeploymentVersion,
  TransitionResult,
} from '@sparki/deployments-common';

export interface RequestFilter {
  states?: DeploymentState[];
  environment?: string;
  serviceRef?: string;
  /** Newest first; default 100. */
  limit?: number;
  /** Only requests listed after this one (created earlier, or at the same time with a lower id). */
  after?: { createdAt: string; id: string };
  /** Only requests with a decision at or after this instant (ISO 8601): `updatedAt` >= it. */
  updatedSince?: string;
  /**
   * Only requests that need a person: `failed` ones, and those still `deploying`,
   * `preview-ready` or `promoted` with no change since `stuckSince` (ISO 8601).
   */
  needsAttention?: { stuckSince: string };
}

export interface HistoryFilter {
  serviceRef?: string;
  environment?: string;
  limit: number;
  /** Only decisions recorded before this one (a `HistoryPage.nextBefore`). */
  beforeSeq?: number;
}

export interface HistoryPage {
  items: DeploymentHistoryItem[];
  /** The cursor of the next page; absent on the last one. */
  nextBefore?: number;
}

/** The version that went live in an environment, by which request, since when. */
export interface LiveVersion {
  environment: string;
  requestId: string;
  version: DeploymentVersion;
  since: string;
}

/** Why the store refused an event, beyond what `transition` refuses. */
export type ApplyResult =
  | TransitionResult
  | { ok: false; error: { kind: 'not-found'; message: string } };

/**
 * Where deployment requests live. The database is the only truth across replicas: every write is
 * one transaction that applies `transition` to the request (re-read, or the caller's copy of the
 * same revision) and writes only if that revision is still current.
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
   *
   * `read` is the request as the caller read it: when its revision is the event's expected one,
   * `transition` runs on it and the transaction holds no lock before the compare-and-swap (a
   * request changes only with its revision, so a matching revision proves it current; a
   * mismatch is a stale revision as always). Racing approvers then wait on nobody's reads.
   */
  apply(
    id: string,
    event: DeploymentEvent,
    now: Date,
    read?: DeploymentRequest,
  ): Promise<ApplyResult>;
  /**
   * Claims the stuck-deploy notice of the request at this revision: true for the one caller (on
   * any replica) that claimed it first, false when it was claimed before.
   */
  claimStuckNotice(
    requestId: string,
    revision: number,
    now: Date,
  ): Promise<boolean>;
  /** Ids of requests still pending a decision whose expiry is at or before `now`. */
  listExpired(now: Date, limit: number): Promise<string[]>;
  /** Decisions, newest first, with their request's service, environment and version. */
  history(filter: HistoryFilter): Promise<HistoryPage>;
  /**
   * Per environment of the service: the request that went `live` last and is still live (not
   * rolled back), from the stored decisions.
   */
  liveVersions(serviceRef: string): Promise<LiveVersion[]>;
}
