import {
  coreServices,
  createBackendPlugin,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { auditTrailPermissions } from '@sparki/audit-trail-common';
import { KnexAuditEventStore } from './database/KnexAuditEventStore';
import { EventExporter, readExportLimits } from './service/exportEvents';
import { createRouter } from './service/router';
import { createEventQuery } from './athena/createEventQuery';
import { createSources } from './sources/createSources';
import { AuditTrailMetrics } from './service/metrics';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 30 },
  initialDelay: { seconds: 5 },
};
const DEFAULT_RETENTION_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * CloudTrail audit trail: ingests LookupEvents and the S3 log archive, keeps the events,
 * detects the CIS AWS Foundations monitoring controls and serves the audit API.
 */
export const auditTrailPlugin = createBackendPlugin({
  pluginId: 'audit-trail',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        permissionsRegistry.addPermissions(auditTrailPermissions);
        const store = await KnexAuditEventStore.create({ database });

        const metrics = new AuditTrailMetrics(store);
        const sources = createSources({ config, store, logger, metrics });
        metrics.reportLastSuccessOf(sources.map(source => source.id));
        const schedule = config.has('auditTrail.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('auditTrail.schedule'),
            )
          : DEFAULT_SCHEDULE;
        for (const source of sources) {
          await scheduler.scheduleTask({
            id: `audit-trail-ingest:${source.id}`,
            ...schedule,
            fn: async () => {
              let run;
              try {
                run = await source.run();
              } catch (error) {
                metrics.recordRun(source.id, 'failed');
                throw error;
              }
              metrics.recordRun(source.id, run.status);
              const log =
                run.status === 'succeeded' ? logger.info : logger.warn;
              log.call(
                logger,
                `Ingested ${source.id}: ${run.inserted} new, ${run.duplicates} duplicate, ` +
                  `${run.malformed} malformed records (${run.status}) ${
                    run.message ?? ''
                  }`,
              );
            },
          });
        }

        const retentionDays =
          config.getOptionalNumber('auditTrail.retentionDays') ??
          DEFAULT_RETENTION_DAYS;
        if (!Number.isInteger(retentionDays) || retentionDays < 1) {
          throw new Error(
            `auditTrail.retentionDays must be a whole number of days >= 1, got ${retentionDays}`,
          );
        }
        await scheduler.scheduleTask({
          id: 'audit-trail-retention',
          frequency: { hours: 24 },
          timeout: { hours: 1 },
          initialDelay: { minutes: 10 },
          fn: async () => {
            const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
            const deleted = await store.deleteEventsBefore(
              cutoff.toISOString(),
            );
            logger.info(
              `Deleted ${deleted} audit events older than ${retentionDays} days`,
            );
          },
        });

        const events = createEventQuery(config, store);
        httpRouter.use(
          await createRouter({
            store,
            events,
            exporter: new EventExporter(events, readExportLimits(config)),
            httpAuth,
            permissions,
            auditor,
            catalog,
            logger,
          }),
        );
      },
    });
  },
});
