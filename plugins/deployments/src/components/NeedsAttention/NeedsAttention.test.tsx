import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Decision } from '@sparki/deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  deploymentRequest,
  mockDeploymentsApi,
  requestView,
} from '../../__testUtils__/fixtures';
import { ApprovalsPage } from '../ApprovalsPage/ApprovalsPage';
import { EntityDeploymentsContent } from '../EntityDeploymentsContent/EntityDeploymentsContent';

const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3_600_000).toISOString();

const abort: Decision = {
  eventId: 'abort',
  event: 'fail',
  by: { kind: 'user', userRef: 'user:default/dave' },
  at: hoursAgo(2),
  comment:
    'aborted: 5xx on def (rollout sparki-api aborted: abc serves all traffic)',
  policyHash: 'sha256:p',
  from: 'preview-ready',
  to: 'failed',
};
const failed = requestView(
  deploymentRequest({
    id: '33333333-3333-4333-8333-333333333333',
    state: 'failed',
    decisions: [abort],
    updatedAt: abort.at,
  }),
  {},
  ['rollback', 'retry'],
);
const stuck = requestView(
  deploymentRequest({
    id: '44444444-4444-4444-8444-444444444444',
    serviceRef: 'component:default/billing',
    environment: 'staging',
    state: 'deploying',
    updatedAt: hoursAgo(3),
  }),
);

function attentionApi() {
  const api = mockDeploymentsApi([failed, stuck]);
  // The backend lists stuck deploys too, not only failed ones.
  api.listRequests.mockResolvedValue({
    items: [failed.request, stuck.request],
  });
  return api;
}

describe('Needs attention on the Approvals page', () => {
  it('lists failed and stuck deploys with why, and the actions each accepts', async () => {
    const api = attentionApi();
    renderInTestApp(<ApprovalsPage />, {
      apis: [
        [deploymentsApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ],
      initialRouteEntries: ['/?tab=attention'],
    });
    const failedCard = await screen.findByRole('article', {
      name: 'needs attention: payments v1.4.2 (0123456) in prod',
    });
    expect(api.listRequests).toHaveBeenCalledWith({
      attention: true,
      limit: 25,
    });
    expect(
      screen.getByRole('tab', { name: 'Needs attention (2)' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(
      within(failedCard).getByText(
        'Failed 2 hours ago, reported by dave: aborted: 5xx on def (rollout sparki-api aborted: abc serves all traffic)',
      ),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(failedCard).getByRole('button', { name: 'Retry' }),
      ).toBeEnabled(),
    );
    expect(
      within(failedCard)
        .getAllByRole('button')
        .map(b => b.textContent),
    ).toEqual(['Retry', 'Roll back']);

    const stuckCard = screen.getByRole('article', {
      name: 'needs attention: billing v1.4.2 (0123456) in staging',
    });
    expect(
      within(stuckCard).getByText(
        'Still deploying: nothing has changed since 3 hours ago.',
      ),
    ).toBeInTheDocument();
    expect(within(stuckCard).queryAllByRole('button')).toEqual([]);
    expect(
      within(stuckCard).getByText(/No portal action applies/),
    ).toBeInTheDocument();
  });

  it('retries a failed deploy with a reason, then reloads the list', async () => {
    const api = attentionApi();
    renderInTestApp(<ApprovalsPage />, {
      apis: [
        [deploymentsApiRef, api],
        [permissionApiRef, mockApis.permission()],
      ],
      initialRouteEntries: ['/?tab=attention'],
    });
    const card = await screen.findByRole('article', {
      name: /^needs attention: payments/,
    });
    const retry = () => within(card).getByRole('button', { name: 'Retry' });
    await waitFor(() => expect(retry()).toBeEnabled());
    fireEvent.click(retry());
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    expect(
      within(dialog).getByText('A reason is required to retry.'),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: 'metrics provider back' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(api.retryRequest).toHaveBeenCalledWith(
        failed.request.id,
        'metrics provider back',
      ),
    );
    await waitFor(() => expect(api.listRequests).toHaveBeenCalledTimes(2));
  });
});

describe('Needs attention on the entity tab', () => {
  it('shows the service failed request with its Retry', async () => {
    const api = mockDeploymentsApi([failed]);
    renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'payments', namespace: 'default' },
          spec: { type: 'service', owner: 'payments-team' },
        }}
      >
        <EntityDeploymentsContent />
      </EntityProvider>,
      {
        apis: [
          [deploymentsApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ],
      },
    );
    const section = await screen.findByRole('region', {
      name: 'needs attention',
    });
    expect(api.listRequests).toHaveBeenCalledWith({
      attention: true,
      service: 'component:default/payments',
      limit: 10,
    });
    const card = within(section).getByRole('article', {
      name: /^needs attention: payments/,
    });
    expect(within(card).getByText(/^Failed 2 hours ago/)).toBeInTheDocument();
    // The button is replaced once the permission is known: found again each time.
    const retry = () => within(card).getByRole('button', { name: 'Retry' });
    await waitFor(() => expect(retry()).toBeEnabled());
    fireEvent.click(retry());
    expect(
      within(await screen.findByRole('dialog')).getByText(
        'Retry payments v1.4.2 (0123456) in prod?',
      ),
    ).toBeInTheDocument();
  });
});
