import { mockServices } from '@backstage/backend-test-utils';
import {
  documentedOperations,
  servedOperations,
} from '@sparki/openapi-contract';
import path from 'node:path';
import { createRouter } from './router';
import { EnvironmentsGate } from './github/EnvironmentsGate';
import { ProtectionRuleGate } from './github/ProtectionRuleGate';
import { createGitHubRunsRouter } from './github/runsRouter';
import { createGitHubWebhookRouter } from './github/webhookRouter';
import { RolloutService } from './rollout/RolloutService';
import { DeploymentReadService } from './service/DeploymentReadService';
import { DeploymentService } from './service/DeploymentService';

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', async () => {
    const router = await createRouter({
      service: {} as DeploymentService,
      readService: {} as DeploymentReadService,
      rollout: {} as RolloutService,
      httpAuth: mockServices.httpAuth(),
      userInfo: mockServices.userInfo(),
      permissions: mockServices.permissions(),
      auditor: mockServices.auditor.mock(),
    });
    const served = [
      ...servedOperations(router as any),
      // The GitHub gates have their own routers, wired when deployments.github is configured.
      ...servedOperations(
        createGitHubWebhookRouter({
          gate: {} as ProtectionRuleGate,
          auditor: mockServices.auditor.mock(),
        }) as any,
      ),
      ...servedOperations(
        createGitHubRunsRouter({
          gate: {} as EnvironmentsGate,
          httpAuth: mockServices.httpAuth(),
          permissions: mockServices.permissions(),
          auditor: mockServices.auditor.mock(),
        }) as any,
      ),
    ].sort();
    const described = documentedOperations(
      path.resolve(__dirname, '../openapi.yaml'),
    );
    expect(served).toContain('post /requests/{id}/approve');
    expect(described).toEqual(served);
  });
});
