import { AthenaClient } from '@aws-sdk/client-athena';
import { RootConfigService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { AuditEventStore } from '../database/AuditEventStore';
import { EventQueryService } from '../database/EventQueryService';
import { awsCredentials } from '../sources/awsCredentials';
import { AthenaEventQuery } from './AthenaEventQuery';

/** `auditTrail.query.engine`: the plugin database (default) or Athena over the archive. */
export function createEventQuery(
  config: RootConfigService,
  store: AuditEventStore,
): EventQueryService {
  const engine =
    config.getOptionalString('auditTrail.query.engine') ?? 'database';
  if (engine === 'database') return store;
  if (engine !== 'athena') {
    throw new Error(
      `auditTrail.query.engine must be database or athena, not "${engine}"`,
    );
  }
  const athena = config.getConfig('auditTrail.query.athena');
  const accountId = athena.getOptionalString('accountId');
  const timeoutSeconds = athena.getOptionalNumber('timeoutSeconds');
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new Error(
      `auditTrail.query.athena.timeoutSeconds must be > 0, got ${timeoutSeconds}`,
    );
  }
  return new AthenaEventQuery({
    client: new AthenaClient({
      region: athena.getString('region'),
      credentials: awsCredentials(
        DefaultAwsCredentialsManager.fromConfig(config),
        accountId,
      ),
    }),
    database: athena.getString('database'),
    table: athena.getString('table'),
    workGroup: athena.getOptionalString('workGroup'),
    outputLocation: athena.getOptionalString('outputLocation'),
    timestampPartition: athena.getOptionalBoolean('timestampPartition'),
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
  });
}
