import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { deploymentsPermissions } from '@sparki/deployments-common';
import { readEnvironmentPolicies, readStuckAfterMinutes } from './config';
import { CatalogFacts } from './facts/CatalogFacts';
import { PostureClient } from './facts/PostureClient';
import { readGitHubConfig } from './github/config';
import { setUpGitHubGates } from './github/githubGates';
import { readRolloutConfig } from './rollout/config';
import { RolloutNotifier } from './rollout/RolloutNotifier';
import { RolloutService } from './rollout/RolloutService';
import { RolloutTargets } from './rollout/RolloutTargets';
import { StuckDeployNotices } from './rollout/StuckDeployNotices';
import { createRouter } from './router';
import { ApproverNotifier } from './service/ApproverNotifier';
import { CatalogPolicyFacts } from './service/CatalogPolicyFacts';
import { DeploymentReadService } from './service/DeploymentReadService';
import { DeploymentService } from './service/DeploymentService';
import { KnexDeploymentStore } from './store/KnexDeploymentStore';
import { KnexRolloutStore } from './store/KnexRolloutStore';
import { createRequestChanges } from './store/RequestChanges';

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
        notifications: notificationService,
        lifecycle: coreServices.lifecycle,
      },
      async init(deps) {
        const { config, logger, scheduler, auth } = deps;
        // Bad policy config stops the backend here, before anything can be approved under it.
        const policies = readEnvironmentPolicies(config);
        const stuckAfterMinutes = readStuckAfterMinutes(config);
        const github = readGitHubConfig(
          config.getOptional('deployments.github'),
        );
        deps.permissionsRegistry.addPermissions(deploymentsPermissions);
        const store = await KnexDeploymentStore.create({
          database: deps.database,
        });
        const catalogFacts = new CatalogFacts(deps.catalog, auth);
        // Bad rollout config stops the backend too: a switch aimed at the wrong object is worse.
        const targets = RolloutTargets.fromConfig(
          readRolloutConfig(config.getOptional('deployments.rollout')),
        );
        // E.g. the demo's GitOps repository, created now so the posture scanner finds it.
        for (const problem of await targets.prepare()) {
          logger.warn(`Rollout target not ready: ${problem}`);
        }
        const readService = new DeploymentReadService({
          store,
          catalog: catalogFacts,
          configuredEnvironments: Object.keys(policies),
          rolloutStatus: async (serviceRef, environment) =>
            targets.get(serviceRef, environment)?.provider.status(),
        });
        const facts = new CatalogPolicyFacts(
          catalogFacts,
          new PostureClient(deps.discovery, auth, logger),
          (serviceRef, environment) =>
            readService.previousEnvironmentLive(serviceRef, environment),
        );
        // Pipelines' long-polls: woken by PostgreSQL NOTIFY from any replica, else by polling.
        const changes = await createRequestChanges(
          await deps.database.getClient(),
          logger,
        );
        deps.lifecycle.addShutdownHook(() => changes.close());
        const rolloutNotifier = new RolloutNotifier({
          notifications: deps.notifications,
          policies,
          membersOf: groupRefs => catalogFacts.membersOf(groupRefs),
          logger,
        });
        const rollout = new RolloutService({
          store,
          rollouts: await KnexRolloutStore.create({ database: deps.database }),
          targets,
          policies,
          logger,
          auditor: deps.auditor,
          notifier: rolloutNotifier,
        });
        const service = new DeploymentService({
          store,
          policies,
          facts,
          changes,
          rolloutActions: request => rollout.actionsOf(request),
          stuckAfterMinutes,
          notifier: new ApproverNotifier({
            notifications: deps.notifications,
            policies,
            facts,
            membersOf: groupRefs => catalogFacts.membersOf(groupRefs),
            logger,
          }),
        });
        // Global, state in the database: after a restart the next run picks up unfinished watches.
        await scheduler.scheduleTask({
          id: 'deployments-health-watch',
          scope: 'global',
          frequency: { seconds: 15 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 15 },
          fn: async () => {
            const decided = await rollout.runDueWatches();
            for (const [requestId, outcome] of Object.entries(decided)) {
              if (outcome !== 'watching') {
                logger.info(`Health watch of ${requestId}: ${outcome}`);
              }
            }
          },
        });

        // Global, and each stuck revision claimed in the database: told once across replicas.
        const stuckNotices = new StuckDeployNotices({
          store,
          notifier: rolloutNotifier,
          stuckAfterMinutes,
        });
        await scheduler.scheduleTask({
          id: 'deployments-stuck-notices',
          scope: 'global',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 45 },
          fn: async () => {
            const told = await stuckNotices.run();
            if (told.length > 0) {
              logger.info(`Told of ${told.length} stuck deploys`);
            }
          },
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

        // Before the JSON API router: the webhook's signature covers the unparsed body.
        await setUpGitHubGates({
          github,
          database: deps.database,
          scheduler,
          httpRouter: deps.httpRouter,
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
          logger,
          catalog: deps.catalog,
          auth,
          deployments: store,
          service,
          policies,
        });

        deps.httpRouter.use(
          await createRouter({
            service,
            readService,
            rollout,
            // With NOTIFY the timer is only the safety net for a lost connection.
            waitPollMs: changes.wakesOnChange ? 15_000 : 1_000,
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
