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
import { ForgeChangeService } from './service/ForgeChangeService';

/**
 * The changes of the local git forge (the demo's infrastructure repository): list them, show
 * one with its diff, merge it. With sparki.environments.localForge off (production) every
 * route answers 404: changes are pull requests on GitHub there.
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
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
      },
    });
  },
});
