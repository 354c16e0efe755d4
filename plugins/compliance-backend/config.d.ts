export interface Config {
  /** Compliance for auditors (@sparki/compliance-backend); see its README. */
  compliance?: {
    /** How long one evaluation of the sources is served. Default 60. */
    cacheSeconds?: number;
    /** A source slower than this counts as failed (its checks unknown). Default 60. */
    sourceTimeoutSeconds?: number;
    /**
     * How often the snapshot task looks for changes in the figures or the sources' data (a
     * snapshot is written daily anyway). Default 60.
     */
    changeCheckSeconds?: number;
    /**
     * Scopes every attestation check is due in, e.g. the platform's System entity; the runbooks
     * check ("runbooks for critical paths tested") is reported there too.
     */
    attestationScopes?: Array<{
      kind: 'cluster' | 'namespace' | 'account' | 'entity';
      id: string;
    }>;
    posture?: {
      /** A posture snapshot older than this is stale (unknown). Default 48. */
      maxAgeHours?: number;
      /** Also score each namespace (`cluster/namespace`) from the per-namespace counts. Default false. */
      namespaceScopes?: boolean;
    };
    auditTrail?: {
      /** Accounts and regions whose CloudTrail must be ingested without gaps. */
      accounts?: Array<{ accountId: string; regions: string[] }>;
      /** The period ingestion must be complete over. Default 7. */
      periodDays?: number;
      /** Hours without an event that count as a gap. Default 24. */
      maxGapHours?: number;
      /** Detection severities the platform's alert rules route; unset: unknown. */
      alertedSeverities?: Array<'critical' | 'high' | 'medium' | 'low'>;
    };
    /** "Detections reviewed": per account of auditTrail.accounts. */
    detectionsReviewed?: {
      /** Days a critical detection may stay unacknowledged. Default 7. */
      maxAgeDays?: number;
    };
    /** The deploy-record checks, from the deployments backend's requests. */
    deploy?: {
      /** The prod tier: environment names as `deployments.environments` names them. Default [prod]. */
      prodEnvironments?: string[];
      /** "Approved changes": the period whose prod deploys must be approved. Default 30. */
      approvedChangesDays?: number;
      /** "Rollback exercised": the period a prod rollback must fall in. Default 90. */
      rollbackDays?: number;
    };
    /** Backstage notifications after each snapshot run. */
    notifications?: {
      /** Users or groups told about scores falling and critical controls newly failing. */
      recipients?: string[];
      /** Notify when a framework's conservative audit score falls below this (0–1). */
      minScore?: number;
      /** Notify requesters, approvers and attesters this many days before expiry. Default 14. */
      expiryWarningDays?: number;
    };
    /** Evidence files uploaded with attestations (stored in the plugin's database). */
    evidenceFiles?: {
      /** The largest file accepted, in bytes; a larger one is refused (413). Default 10485760 (10 MiB). */
      maxBytes?: number;
    };
  };
}
