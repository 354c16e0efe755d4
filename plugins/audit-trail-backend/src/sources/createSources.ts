import {
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { S3Client } from '@aws-sdk/client-s3';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { IngestRun } from '@sparki/audit-trail-common';
import path from 'node:path';
import { AuditEventStore } from '../database/AuditEventStore';
import {
  ArchiveIngester,
  ArchiveIngesterOptions,
  DEFAULT_MAX_ATTEMPTS,
} from './ArchiveIngester';
import { awsCredentials } from './awsCredentials';
import { LocalDirectoryArchive } from './LocalDirectoryArchive';
import { LookupEventsSync } from './lookup/LookupEventsSync';
import {
  DEFAULT_LOG_OBJECT_LIMITS,
  MAX_DECOMPRESSED_BYTES,
} from './readLogObject';
import { S3Archive } from './S3Archive';
import { AuditTrailMetrics } from '../service/metrics';

/** Something the scheduler runs to pull events into the store. */
export interface IngestSource {
  id: string;
  run(): Promise<IngestRun>;
}

/** `auditTrail.archiveLimits`: whole numbers >= 1, defaults where unset. */
function readArchiveLimits(config: RootConfigService): ArchiveIngesterOptions {
  const read = (key: string, fallback: number, max = Infinity) => {
    const value =
      config.getOptionalNumber(`auditTrail.archiveLimits.${key}`) ?? fallback;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new Error(
        `auditTrail.archiveLimits.${key} must be a whole number from 1 to ${max}, got ${value}`,
      );
    }
    return value;
  };
  return {
    limits: {
      maxCompressedBytes: read(
        'maxCompressedBytes',
        DEFAULT_LOG_OBJECT_LIMITS.maxCompressedBytes,
      ),
      maxDecompressedBytes: read(
        'maxDecompressedBytes',
        DEFAULT_LOG_OBJECT_LIMITS.maxDecompressedBytes,
        MAX_DECOMPRESSED_BYTES,
      ),
    },
    maxAttempts: read('maxAttempts', DEFAULT_MAX_ATTEMPTS),
  };
}

export function createSources(options: {
  config: RootConfigService;
  store: AuditEventStore;
  logger: LoggerService;
  metrics?: AuditTrailMetrics;
}): IngestSource[] {
  const { config, store, logger, metrics } = options;
  const credentialsManager = DefaultAwsCredentialsManager.fromConfig(config);
  const sources: IngestSource[] = [];
  const archiveOptions = { ...readArchiveLimits(config), metrics };

  for (const archiveConfig of config.getOptionalConfigArray(
    'auditTrail.archives',
  ) ?? []) {
    const type = archiveConfig.getString('type');
    if (type === 'local') {
      const directory = path.resolve(archiveConfig.getString('directory'));
      const ingester = new ArchiveIngester(
        new LocalDirectoryArchive(directory),
        store,
        logger,
        archiveOptions,
      );
      sources.push({ id: ingester.source, run: () => ingester.run() });
    } else if (type === 's3') {
      const accountId = archiveConfig.getOptionalString('accountId');
      const client = new S3Client({
        region: archiveConfig.getString('region'),
        credentials: awsCredentials(credentialsManager, accountId),
      });
      const archive = new S3Archive(
        client,
        archiveConfig.getString('bucket'),
        archiveConfig.getOptionalString('prefix') ?? '',
      );
      const ingester = new ArchiveIngester(
        archive,
        store,
        logger,
        archiveOptions,
      );
      sources.push({ id: ingester.source, run: () => ingester.run() });
    } else {
      throw new Error(
        `auditTrail.archives: unknown type "${type}", expected local or s3`,
      );
    }
  }
  const lookup = config.getOptionalConfig('auditTrail.lookupEvents');
  if (lookup && lookup.getOptionalBoolean('enabled') !== false) {
    const accountIds =
      lookup.getOptionalStringArray('accountIds') ??
      (config.getOptionalConfigArray('aws.accounts') ?? []).map(account =>
        account.getString('accountId'),
      );
    if (accountIds.length === 0) {
      throw new Error(
        'auditTrail.lookupEvents needs accountIds, or accounts configured in aws.accounts',
      );
    }
    const initialLookbackDays = lookup.getOptionalNumber('initialLookbackDays');
    if (
      initialLookbackDays !== undefined &&
      (initialLookbackDays < 0 || initialLookbackDays > 90)
    ) {
      throw new Error(
        'auditTrail.lookupEvents.initialLookbackDays must be from 0 to 90',
      );
    }
    for (const accountId of accountIds) {
      for (const region of lookup.getStringArray('regions')) {
        const sync = new LookupEventsSync({
          accountId,
          region,
          // Retries are the sync's own, behind its rate limit, not the SDK's.
          createClient: () =>
            new CloudTrailClient({
              region,
              credentials: awsCredentials(credentialsManager, accountId),
              maxAttempts: 1,
            }),
          store,
          logger,
          overlapMinutes: lookup.getOptionalNumber('overlapMinutes'),
          initialLookbackDays,
          metrics,
        });
        sources.push({ id: sync.source, run: () => sync.run() });
      }
    }
  }
  return sources;
}
