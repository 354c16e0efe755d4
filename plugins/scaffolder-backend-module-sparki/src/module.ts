import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readEnvironmentsConfig } from './config';
import { createEnvironmentUpdateAction } from './actions/environmentUpdate';
import { createEnvironmentValidateAction } from './actions/environmentValidate';
import { createTerraformValidateAction } from './actions/terraformValidate';

/** Adds the Sparki environment actions to the Scaffolder. */
export const scaffolderModuleSparki = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'sparki',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, catalog, config }) {
        const environments = readEnvironmentsConfig(config);
        scaffolder.addActions(
          createEnvironmentValidateAction({ catalog, config: environments }),
          createTerraformValidateAction({ config: environments }),
          createEnvironmentUpdateAction({ config: environments }),
        );
      },
    });
  },
});
