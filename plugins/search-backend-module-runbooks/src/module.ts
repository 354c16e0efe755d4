import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { RunbooksCollatorFactory } from './RunbooksCollatorFactory';

/** Indexes the runbooks for the portal's search, on `search.collators.runbooks.schedule`. */
export const searchModuleRunbooks = createBackendModule({
  pluginId: 'search',
  moduleId: 'runbooks-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({ config, auth, discovery, scheduler, indexRegistry }) {
        const schedule = config.has('search.collators.runbooks.schedule')
          ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
              config.getConfig('search.collators.runbooks.schedule'),
            )
          : {
              frequency: { minutes: 10 },
              timeout: { minutes: 5 },
              initialDelay: { seconds: 10 },
            };
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(schedule),
          factory: new RunbooksCollatorFactory({ auth, discovery }),
        });
      },
    });
  },
});
