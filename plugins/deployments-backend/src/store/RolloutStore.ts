/** Where a promoted request's health watch stands. */
export type WatchState =
  | 'none'
  | 'watching'
  | 'passed'
  | 'rolled-back'
  | 'inconclusive'
  | 'closed';

/** What a promote switched, so a rollback can switch it back, and the watch after it. */
export interface RolloutRecord {
  requestId: string;
  provider: string;
  from: string;
  to: string;
  providerRef: string;
  promotedAt: string;
  watch: {
    state: WatchState;
    until?: string;
    nextCheckAt?: string;
    reason?: string;
  };
}

/**
 * The rollout side of requests. The database holds the watch, so any replica (after a restart,
 * too) picks up an unfinished one.
 */
export interface RolloutStore {
  /** Stores the promotion; a second call for the same request keeps the first (a retried promote). */
  recordPromotion(record: RolloutRecord): Promise<RolloutRecord>;
  get(requestId: string): Promise<RolloutRecord | undefined>;
  /** Requests being watched whose next check is at or before `now`, oldest first. */
  listDueWatches(now: Date, limit: number): Promise<RolloutRecord[]>;
  /**
   * Moves a watch on, only if it is still `watching` (another replica may have finished it):
   * true when this call changed it.
   */
  updateWatch(
    requestId: string,
    watch: RolloutRecord['watch'],
    now: Date,
  ): Promise<boolean>;
}
