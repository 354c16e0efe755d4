import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderTemplatingExtensionPoint } from '@backstage/plugin-scaffolder-node/alpha';
import { readEnvironmentsConfig } from './config';
import { createEnvironmentLocateAction } from './actions/environmentLocate';
import { createEnvironmentUpdateAction } from './actions/environmentUpdate';
import { createEnvironmentValidateAction } from './actions/environmentValidate';
import { createForgeProposeAction } from './actions/forgePropose';
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
      },
      async init({ scaffolder, templating, catalog, config, auditor }) {
        const environments = readEnvironmentsConfig(config);
        // Created lazily by its first operation: startup does not wait on git.
        const forge = environments.localForge
          ? new LocalForge({
              directory: environments.localForge.directory,
              seedModulesDir: environments.modulesDir,
            })
          : undefined;
        scaffolder.addActions(
          createEnvironmentValidateAction({ catalog, config: environments }),
          createTerraformValidateAction({ config: environments }),
          createEnvironmentLocateAction({ catalog, config: environments }),
          createEnvironmentUpdateAction({ config: environments }),
          createForgeProposeAction({ forge, auditor }),
        );
        templating.addTemplateFilters(sparkiTemplateFilters);
      },
    });
  },
});
