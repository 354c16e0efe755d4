import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  LocalForge,
  readEnvironmentsConfig,
} from '@sparki/scaffolder-backend-module-sparki';
import { sparkiForgePermissions } from '@sparki/sparki-forge-common';
import { createRouter } from './router';
import { EnvironmentPreviewService } from './service/EnvironmentPreviewService';
import { ForgeChangeService } from './service/ForgeChangeService';

/**
 * The changes of the local git forge (the demo's infrastructure repository): list them, show
 * one with its diff, merge it. With sparki.environments.localForge off (production) those
 * routes answer 404: changes are pull requests on GitHub there. Also serves the environment
 * template's review-step preview, with or without the local forge.
 */
export const sparkiForgePlugin = createBackendPlugin({
  pluginId: 'sparki-forge',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        events: eventsServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(sparkiForgePermissions);
        const environments = readEnvironmentsConfig(deps.config);
        const forge = environments.localForge
          ? new LocalForge({
              directory: environments.localForge.directory,
              seedModulesDir: environments.modulesDir,
              seedEnvironmentsDir: environments.localForge.seedEnvironmentsDir,
            })
          : undefined;
        if (!forge) {
          deps.logger.info('Local forge disabled: no changes to serve');
        }
        deps.httpRouter.use(
          await createRouter({
            service: new ForgeChangeService({
              forge,
              events: deps.events,
              logger: deps.logger,
            }),
            previews: new EnvironmentPreviewService({
              modulesDir: environments.modulesDir,
            }),
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
