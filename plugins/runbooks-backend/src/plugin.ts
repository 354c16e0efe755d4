import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { runbooksPermissions } from '@sparki/runbooks-common';
import { readRunbooksConfig } from './config';
import { createRouter } from './router';
import { RunbookLibrary } from './service/RunbookLibrary';
import { UrlRunbookLocations } from './service/RunbookLocations';
import { RunbookTestService } from './service/RunbookTestService';
import { KnexRunbookTestStore } from './store/KnexRunbookTestStore';

/**
 * Markdown runbooks of a directory and of the configured locations, served at /api/runbooks,
 * with the tests recorded in the portal ("Mark as tested").
 */
export const runbooksPlugin = createBackendPlugin({
  pluginId: 'runbooks',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
      },
      async init(deps) {
        const { logger } = deps;
        const settings = readRunbooksConfig(deps.config);
        deps.permissionsRegistry.addPermissions(runbooksPermissions);
        const store = await KnexRunbookTestStore.create({
          database: deps.database,
        });

        const locations = settings.locations.length
          ? new UrlRunbookLocations({
              reader: deps.urlReader,
              locations: settings.locations,
              logger,
            })
          : undefined;
        if (locations) {
          // Local: every replica keeps its own copy in memory.
          await deps.scheduler.scheduleTask({
            id: 'runbooks-locations-refresh',
            scope: 'local',
            ...settings.refresh,
            fn: () => locations.refresh(),
          });
        }

        const library = new RunbookLibrary({
          directory: settings.directory,
          staleAfterDays: settings.staleAfterDays,
          locations,
          tests: store,
        });
        if (!(await library.isAvailable())) {
          logger.warn(
            `Runbooks directory ${settings.directory} does not exist: runbook links will show an error`,
          );
        } else {
          logger.info(
            `Serving runbooks from ${settings.directory}${
              settings.locations.length
                ? ` and ${settings.locations.length} location(s)`
                : ''
            }`,
          );
        }
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            auditor: deps.auditor,
            library,
            tests: new RunbookTestService({ library, store }),
          }),
        );
      },
    });
  },
});
