import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { readEnvironmentsConfig } from './config';
import { createEnvironmentDecommissionAction } from './actions/environmentDecommission';
import { createEnvironmentLocateAction } from './actions/environmentLocate';
import { createEnvironmentPreviewAction } from './actions/environmentPreview';
import { createEnvironmentUpdateAction } from './actions/environmentUpdate';
import { createEnvironmentValidateAction } from './actions/environmentValidate';
import { createForgeFetchAction } from './actions/forgeFetch';
import { createForgeProposeAction } from './actions/forgePropose';
import { createServiceValidateAction } from './actions/serviceValidate';
import { readServicesConfig } from './service/servicesConfig';
import { LocalForge } from './forge/LocalForge';
import { createTerraformValidateAction } from './actions/terraformValidate';
import { sparkiTemplateFilters } from './templating/filters';

/** Adds the Sparki environment and local forge actions and the skeletons' quoting filters to the Scaffolder. */
export const scaffolderModuleSparki = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'sparki',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        templating: scaffolderTemplatingExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        auditor: coreServices.auditor,
        events: eventsServiceRef,
      },
      async init({ scaffolder, templating, catalog, config, auditor, events }) {
        const environments = readEnvironmentsConfig(config);
        // Created lazily by its first operation: startup does not wait on git.
        const forge = environments.localForge
          ? new LocalForge({
              directory: environments.localForge.directory,
              seedModulesDir: environments.modulesDir,
              seedEnvironmentsDir: environments.localForge.seedEnvironmentsDir,
            })
          : undefined;
        scaffolder.addActions(
          createEnvironmentValidateAction({ catalog, config: environments }),
          createTerraformValidateAction({ config: environments }),
          createEnvironmentPreviewAction({ config: environments }),
          createEnvironmentLocateAction({ catalog, config: environments }),
          createEnvironmentUpdateAction({ config: environments }),
          createEnvironmentDecommissionAction({ config: environments }),
          createForgeProposeAction({ forge, auditor, events }),
          createForgeFetchAction({ forge }),
          createServiceValidateAction({
            catalog,
            environments,
            services: readServicesConfig(config),
          }),
        );
        templating.addTemplateFilters(sparkiTemplateFilters);
      },
    });
  },
});
