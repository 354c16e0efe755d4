import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** CloudTrail audit trail: ingestion, retention, detection and query. */
  auditTrail?: {
    /** How often sources are ingested. Default: every 5 minutes, 30 minute timeout. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** Events older than this many days are deleted daily. Default 400 (13 months). */
    retentionDays?: number;
    /** CloudTrail log archives: S3 buckets, or local directories with the same layout. */
    archives?: Array<
      | {
          type: 'local';
          /** Directory containing `AWSLogs/`, relative to the backend's working directory. */
          directory: string;
        }
      | {
          type: 's3';
          bucket: string;
          /** The trail's S3 key prefix (before `AWSLogs/`), with a trailing slash. */
          prefix?: string;
          region: string;
          /** Account whose credentials (from `aws.accounts`) read the bucket; default chain if unset. */
          accountId?: string;
        }
    >;
    /**
     * How much of one archive log object is read. An object past a limit (a gzip bomb, say)
     * is recorded as failed with the reason and not read again until it changes.
     */
    archiveLimits?: {
      /** Bytes as stored. Default 67108864 (64 MiB). */
      maxCompressedBytes?: number;
      /** Bytes after gunzip, held in memory to parse. Default 268435456 (256 MiB), at most 536870888. */
      maxDecompressedBytes?: number;
      /** Runs an object that fails to download is tried in before it is left alone until it changes. Default 3. */
      maxAttempts?: number;
    };
    /** Limits of `GET /events/export`; exports beyond them are refused and audited. */
    export?: {
      /** Longest `from`–`to` window; an export without `from` covers this many days before `to`. Default 31. */
      maxWindowDays?: number;
      /** Most events in one export. Default 100000. */
      maxRows?: number;
    };
    /** CloudTrail LookupEvents (the 90-day event history) of the accounts in `aws.accounts`. */
    lookupEvents?: {
      enabled?: boolean;
      /** Accounts to sync; default: every account in `aws.accounts`. */
      accountIds?: string[];
      regions: string[];
      /** Events delivered late are picked up by re-reading this many minutes. Default 15. */
      overlapMinutes?: number;
      /** Days read on the first sync of an account/region, at most 90. Default 7. */
      initialLookbackDays?: number;
    };
    /** Where searches, counts and detections are answered. Default `database`. */
    query?: {
      engine?: 'database' | 'athena';
      /** Athena over the archive's CloudTrail table (DDL from the CloudTrail user guide). */
      athena?: {
        region: string;
        database: string;
        table: string;
        workGroup?: string;
        /** s3:// location for query results, unless the work group sets one. */
        outputLocation?: string;
        /** Account whose credentials run queries; default chain if unset. */
        accountId?: string;
        /**
         * The table uses the user guide's partition projection on a `timestamp` column
         * (`yyyy/MM/dd`): time filters then prune partitions. Default false.
         */
        timestampPartition?: boolean;
        /** A query still running after this many seconds is stopped (StopQueryExecution). Default 60. */
        timeoutSeconds?: number;
      };
    };
  };
}
