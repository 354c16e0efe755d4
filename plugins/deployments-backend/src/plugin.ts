import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { deploymentsPermissions } from '@sparki/deployments-common';
import { readEnvironmentPolicies } from './config';
import { CatalogFacts } from './facts/CatalogFacts';
import { PostureClient } from './facts/PostureClient';
import { createRouter } from './router';
import { CatalogPolicyFacts } from './service/CatalogPolicyFacts';
import { DeploymentService } from './service/DeploymentService';
import { KnexDeploymentStore } from './store/KnexDeploymentStore';

/**
 * Deploy controls: deployment requests under each environment's policy, approved in the portal
 * and waited on by pipelines (the portal gate).
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { config, logger, scheduler, auth } = deps;
        // Bad policy config stops the backend here, before anything can be approved under it.
        const policies = readEnvironmentPolicies(config);
        deps.permissionsRegistry.addPermissions(deploymentsPermissions);
        const store = await KnexDeploymentStore.create({
          database: deps.database,
        });
        const service = new DeploymentService({
          store,
          policies,
          facts: new CatalogPolicyFacts(
            new CatalogFacts(deps.catalog, auth),
            new PostureClient(deps.discovery, auth, logger),
          ),
        });

        // Global: one replica expires a request, once; the fixed event id makes a rerun harmless.
        await scheduler.scheduleTask({
          id: 'deployments-expiry',
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const { expired, skipped } = await service.expireDue();
            if (expired.length + skipped.length > 0) {
              logger.info(
                `Expired ${expired.length} deployment requests (${skipped.length} decided meanwhile)`,
              );
            }
          },
        });

        deps.httpRouter.use(
          await createRouter({
            service,
            httpAuth: deps.httpAuth,
            userInfo: deps.userInfo,
            permissions: deps.permissions,
            auditor: deps.auditor,
          }),
        );
        logger.info(
          `Deployment policies for ${
            service.environments().join(', ') || 'no environment'
          }`,
        );
      },
    });
  },
});
