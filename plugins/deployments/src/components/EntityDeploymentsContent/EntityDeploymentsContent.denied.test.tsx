import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Entity } from '@backstage/catalog-model';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  deploymentRequest,
  mockDeploymentsApi,
  requestView,
} from '../../__testUtils__/fixtures';
import { EntityDeploymentsContent } from './EntityDeploymentsContent';

// Its own file: usePermission caches answers per permission and request for a whole test file.
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'payments-team' },
};

const preview = deploymentRequest({
  id: '11111111-1111-4111-8111-111111111111',
  environment: 'staging',
  state: 'preview-ready',
  version: { commitSha: 'bbbbbbbbbb', tag: 'v1.5.0' },
});
const liveRequestId = '22222222-2222-4222-8222-222222222222';

describe('EntityDeploymentsContent for someone without deployments.promote', () => {
  it('disables Promote with a tooltip saying why, and keeps Roll back for who holds deployments.rollback', async () => {
    const api = mockDeploymentsApi([requestView(preview)]);
    api.getServiceEnvironments.mockResolvedValue({
      environments: [
        {
          name: 'staging',
          order: 1,
          live: {
            requestId: liveRequestId,
            version: { commitSha: 'aaaaaaaaaa', tag: 'v1.4.0' },
            since: new Date(Date.now() - 3_600_000).toISOString(),
          },
          pending: [
            {
              id: preview.id,
              serviceRef: preview.serviceRef,
              environment: preview.environment,
              version: preview.version,
              requester: preview.requester,
              reason: preview.reason,
              state: preview.state,
              approvedBy: [],
              createdAt: preview.createdAt,
              updatedAt: preview.updatedAt,
            },
          ],
        },
      ],
    });
    api.getHistory.mockResolvedValue({ items: [] });
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === 'deployments.promote'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityDeploymentsContent />
      </EntityProvider>,
      {
        apis: [
          [deploymentsApiRef, api],
          [permissionApiRef, permissionApi],
        ],
      },
    );
    const staging = await screen.findByRole('region', {
      name: 'environment staging',
    });
    const pending = within(staging).getByRole('article');
    const promote = within(pending).getByRole('button', { name: 'Promote' });
    await waitFor(() =>
      expect(
        within(pending).getByRole('button', { name: 'Roll back' }),
      ).toBeEnabled(),
    );
    expect(promote).toBeDisabled();
    // Asked per request: the permissions are resource permissions of deployment requests.
    expect(authorize).toHaveBeenCalledWith({
      permission: expect.objectContaining({ name: 'deployments.promote' }),
      resourceRef: preview.id,
    });
    expect(authorize).toHaveBeenCalledWith({
      permission: expect.objectContaining({ name: 'deployments.rollback' }),
      resourceRef: liveRequestId,
    });

    fireEvent.mouseOver(promote.parentElement!);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'You cannot promote: it needs the deployments.promote permission.',
    );
    fireEvent.click(promote);
    expect(screen.queryByRole('dialog')).toBeNull();

    const liveRollback = within(staging)
      .getAllByRole('button', { name: 'Roll back' })
      .find(button => !pending.contains(button))!;
    fireEvent.click(liveRollback);
    expect(await screen.findByRole('dialog')).toHaveTextContent(
      'Roll back payments v1.4.0 (aaaaaaa) in staging?',
    );
  });
});
