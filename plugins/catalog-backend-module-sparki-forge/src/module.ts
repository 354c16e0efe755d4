import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import {
  LocalForge,
  readEnvironmentsConfig,
} from '@sparki/scaffolder-backend-module-sparki';
import { FORGE_EVENTS_TOPIC } from '@sparki/sparki-forge-common';
import { ForgeEntityProvider } from './ForgeEntityProvider';

/**
 * Environments of the local git forge in the catalog, with their lifecycle. Registered only
 * when sparki.environments.localForge is configured (the demo), so it is trusted because it is
 * configured: nobody registers its entities through the API.
 */
export const catalogModuleSparkiForge = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'sparki-forge',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        events: eventsServiceRef,
      },
      async init({ catalog, config, logger, scheduler, events }) {
        const environments = readEnvironmentsConfig(config);
        if (!environments.localForge) {
          logger.info('Local forge disabled: no environments read from it');
          return;
        }
        const provider = new ForgeEntityProvider({
          forge: new LocalForge({
            directory: environments.localForge.directory,
            seedModulesDir: environments.modulesDir,
            seedEnvironmentsDir: environments.localForge.seedEnvironmentsDir,
          }),
          appBaseUrl: config.getString('app.baseUrl').replace(/\/+$/, ''),
          logger,
        });
        catalog.addEntityProvider(provider);
        // The schedule catches `git merge` and pushes done by hand; events make proposals and
        // merges through the portal show up right away.
        await scheduler.scheduleTask({
          id: 'sparki-forge-entities',
          frequency: { seconds: 30 },
          timeout: { minutes: 2 },
          scope: 'local',
          fn: () => provider.refresh(),
        });
        await events.subscribe({
          id: 'sparki-forge-entities',
          topics: [FORGE_EVENTS_TOPIC],
          onEvent: () => provider.refresh(),
        });
      },
    });
  },
});
