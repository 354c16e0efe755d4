import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EnvironmentPolicy } from '@sparki/deployments-common';
import { DeploymentService } from '../service/DeploymentService';
import { DeploymentStore } from '../store/DeploymentStore';
import { GitHubConfig } from './config';
import { EnvironmentsGate } from './EnvironmentsGate';
import { GitHubAppClient } from './GitHubAppClient';
import { catalogUserByGitHubLogin } from './githubUsers';
import { KnexGitHubStore } from './KnexGitHubStore';
import { ProtectionRuleGate } from './ProtectionRuleGate';
import { createGitHubRunsRouter } from './runsRouter';
import {
  createGitHubWebhookRouter,
  GITHUB_WEBHOOK_PATH,
} from './webhookRouter';

/**
 * Wires the GitHub gates when `deployments.github` is configured: reviews of runs waiting on a
 * GitHub environment, and, with `protectionRule`, the custom deployment protection rule (the
 * webhook route, open to GitHub, which proves itself by the signature, and the global task that
 * answers GitHub and retries failed answers).
 */
export async function setUpGitHubGates(deps: {
  github: GitHubConfig | undefined;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  deployments: DeploymentStore;
  service: DeploymentService;
  policies: Record<string, EnvironmentPolicy>;
}): Promise<void> {
  if (!deps.github) return;
  deps.httpRouter.use(
    createGitHubRunsRouter({
      gate: new EnvironmentsGate(deps.github),
      httpAuth: deps.httpAuth,
      permissions: deps.permissions,
      auditor: deps.auditor,
    }),
  );
  const rule = deps.github.protectionRule;
  if (!rule) return;
  const gate = new ProtectionRuleGate({
    github: deps.github,
    rule,
    app: new GitHubAppClient({
      baseUrl: deps.github.baseUrl,
      appId: rule.appId,
      privateKey: rule.privateKey,
    }),
    store: await KnexGitHubStore.create({ database: deps.database }),
    deployments: deps.deployments,
    service: deps.service,
    policies: deps.policies,
    userByLogin: catalogUserByGitHubLogin(deps.catalog, deps.auth),
    logger: deps.logger,
  });
  deps.httpRouter.addAuthPolicy({
    path: GITHUB_WEBHOOK_PATH,
    allow: 'unauthenticated',
  });
  deps.httpRouter.use(
    createGitHubWebhookRouter({ gate, auditor: deps.auditor }),
  );
  // Global: one replica answers GitHub at a time; the leases make an overlap harmless anyway.
  await deps.scheduler.scheduleTask({
    id: 'deployments-github-protection-rules',
    scope: 'global',
    frequency: { seconds: 15 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 20 },
    fn: async () => {
      for (const [requestId, outcome] of Object.entries(await gate.syncDue())) {
        if (outcome !== 'waiting') {
          deps.logger.info(
            `GitHub protection rule of ${requestId}: ${outcome}`,
          );
        }
      }
    },
  });
  deps.logger.info(
    `GitHub deployment protection rule enabled for ${deps.github.repositories.length} repositories`,
  );
}
