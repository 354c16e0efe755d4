/** A deploy held by the custom deployment protection rule, and how far its answer got. */
export interface ProtectionRuleRecord {
  requestId: string;
  deliveryId: string;
  owner: string;
  repo: string;
  installationId: string;
  environmentName: string;
  callbackUrl: string;
  sha: string;
  /** The pull request to comment on; absent: the commit. */
  pullRequest?: number;
  /** Set once GitHub accepted the answer. */
  answer?: 'approved' | 'rejected';
  /** How many approvals the last progress comment reported. */
  reportedApprovals: number;
  attempts: number;
  /** When the sync looks at it next; absent once answered. */
  nextAttemptAt?: string;
  lastError?: string;
}

/**
 * The GitHub gates' state. The database is the only truth across replicas: a delivery is handled
 * by the replica that claimed it, and a held deploy is synced by the replica that leased it.
 */
export interface GitHubStore {
  /** True when this call claimed the delivery; false when it was claimed before (a replay). */
  claimDelivery(deliveryId: string, now: Date): Promise<boolean>;
  /** Gives a claimed delivery back (handling failed), so GitHub's redelivery is handled. */
  releaseDelivery(deliveryId: string): Promise<void>;
  insertProtectionRule(
    record: Omit<ProtectionRuleRecord, 'reportedApprovals' | 'attempts'>,
    now: Date,
  ): Promise<void>;
  getProtectionRule(
    requestId: string,
  ): Promise<ProtectionRuleRecord | undefined>;
  /**
   * Leases up to `limit` records due at `now` until `leaseUntil`: another replica's sync skips
   * them meanwhile. Returns the leased records.
   */
  leaseDue(
    now: Date,
    leaseUntil: Date,
    limit: number,
  ): Promise<ProtectionRuleRecord[]>;
  /** Leases one record like `leaseDue` when it is due; undefined when not due or held. */
  leaseOne(
    requestId: string,
    now: Date,
    leaseUntil: Date,
  ): Promise<ProtectionRuleRecord | undefined>;
  /** Records the outcome of a sync of a leased record. */
  update(
    requestId: string,
    changes: Partial<
      Pick<
        ProtectionRuleRecord,
        'answer' | 'reportedApprovals' | 'attempts' | 'lastError'
      >
    > & { nextAttemptAt: string | null },
    now: Date,
  ): Promise<void>;
}
