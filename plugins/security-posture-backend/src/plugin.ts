import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { securityPosturePermissions } from '@sparki/security-posture-common';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { readPostureOptions } from './config/clusters';
import { createRouter } from './router';
import { createClusterEntityResolver } from './service/clusterEntities';
import { createCommonEngine } from './service/commonEngine';
import { PostureMetrics } from './service/metrics';
import { QueryService } from './service/QueryService';
import { ScanService } from './service/ScanService';
import { KnexPostureStore } from './store/KnexPostureStore';

/**
 * Security posture of Kubernetes clusters: scheduled scans, immutable snapshots, scores,
 * findings and what-if, served at /api/security-posture.
 */
export const securityPosturePlugin = createBackendPlugin({
  pluginId: 'security-posture',
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
        rootLifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, httpRouter } = deps;
        const options = readPostureOptions(config);
        for (const { name, reason } of options.unsupported) {
          logger.warn(
            `Security posture will not scan kubernetes cluster "${name}": ${reason}`,
          );
        }
        deps.permissionsRegistry.addPermissions(securityPosturePermissions);

        const store = await KnexPostureStore.create(deps.database);
        const engine = createCommonEngine();
        const metrics = new PostureMetrics();
        const scans = new ScanService({
          options,
          store,
          engine,
          metrics,
          logger,
        });
        const queries = new QueryService(store, scans);
        await scans.loadLatestMetrics();

        // After every plugin's init (the root lifecycle's startup), not during ours: a task
        // registered for the first time runs at once, and a cluster's source may be created by
        // another plugin's init (the demo's GitOps repository, seeded by deployments).
        const taskId = 'security-posture-scan';
        deps.rootLifecycle.addStartupHook(async () => {
          await scheduler.scheduleTask({
            id: taskId,
            ...options.schedule,
            scope: 'global',
            fn: signal => scans.scanAll(signal),
          });
          if (!options.scanOnStartup || options.clusters.length === 0) return;
          // Through the scheduler, so N replicas starting together still scan once. A task
          // registered for the first time already runs now: nothing more to trigger then.
          try {
            await scheduler.triggerTask(taskId);
          } catch (error) {
            if (!isError(error) || error.name !== 'ConflictError') throw error;
            logger.info('Startup scan: the scan task is already running');
          }
        });
        logger.info(
          `Security posture scans ${options.clusters.length} cluster(s): ${
            options.clusters.map(c => `${c.name} (${c.type})`).join(', ') ||
            'none configured'
          }`,
        );

        const openApiDocument = parseYaml(
          await readFile(
            resolvePackagePath(
              '@sparki/security-posture-backend',
              'src/schema/openapi.yaml',
            ),
            'utf8',
          ),
        );
        httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            scans,
            queries,
            engine,
            clusterEntityRefs: createClusterEntityResolver(
              deps.catalog,
              logger,
            ),
            openApiDocument,
          }),
        );
      },
    });
  },
});
