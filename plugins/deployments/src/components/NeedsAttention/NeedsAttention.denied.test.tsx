import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  deploymentRequest,
  mockDeploymentsApi,
  requestView,
} from '../../__testUtils__/fixtures';
import { ApprovalsPage } from '../ApprovalsPage/ApprovalsPage';

// A file of its own: usePermission caches its answers for the module, across tests.
const failed = requestView(deploymentRequest({ state: 'failed' }), {}, [
  'rollback',
  'retry',
]);

describe('Needs attention without deployments.promote', () => {
  it('disables an action whose permission the person lacks, saying which', async () => {
    const api = mockDeploymentsApi([failed]);
    renderInTestApp(<ApprovalsPage />, {
      apis: [
        [deploymentsApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: request =>
              request.permission.name === 'deployments.promote'
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ],
      initialRouteEntries: ['/?tab=attention'],
    });
    const card = await screen.findByRole('article', {
      name: /^needs attention: payments/,
    });
    await waitFor(() =>
      expect(
        within(card).getByRole('button', { name: 'Roll back' }),
      ).toBeEnabled(),
    );
    const retry = within(card).getByRole('button', { name: 'Retry' });
    expect(retry).toBeDisabled();
    fireEvent.mouseOver(retry.parentElement!);
    expect(
      await screen.findByText(
        'You cannot retry: it needs the deployments.promote permission.',
      ),
    ).toBeInTheDocument();
  });
});
