import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  deploymentRequest,
  mockDeploymentsApi,
  requestView,
} from '../../__testUtils__/fixtures';
import { ApprovalsPage } from './ApprovalsPage';

const payments = requestView(deploymentRequest());

/** How often the page's list was loaded (not the "Needs attention" tab's count). */
function pageLoads(api: ReturnType<typeof mockDeploymentsApi>) {
  return api.listRequests.mock.calls.filter(([query]) => !query.attention)
    .length;
}

async function openDialog(
  name: 'Approve' | 'Reject' | 'Override posture gate',
) {
  const card = await screen.findByRole('article', {
    name: 'payments to prod',
  });
  fireEvent.click(within(card).getByRole('button', { name }));
  return screen.findByRole('dialog');
}

describe('ApprovalsPage', () => {
  it('lists the requests waiting for me with the policy explained', async () => {
    const api = mockDeploymentsApi([payments]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });

    const card = await screen.findByRole('article', {
      name: 'payments to prod',
    });
    expect(api.listRequests).toHaveBeenCalledWith({
      waitingForMe: true,
      limit: 25,
    });
    expect(api.getRequest).toHaveBeenCalledWith(payments.request.id);
    expect(within(card).getByText('v1.4.2 (0123456)')).toBeInTheDocument();
    expect(within(card).getByText('prod')).toBeInTheDocument();
    expect(within(card).getByText('carol')).toBeInTheDocument();
    expect(within(card).getByText(/ago$|just now/)).toBeInTheDocument();
    const rules = within(card).getByRole('list', { name: 'policy evaluation' });
    const items = within(rules).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'not metApprovals: needs 1 more approval from release-approvers',
      'metChange window: inside the change window Mon–Fri 09:00–17:00 Europe/Paris',
      'unknownPosture gate: no posture snapshot of the target cluster: the gate does not pass',
    ]);
  });

  it('lists all requests of the chosen state', async () => {
    const api = mockDeploymentsApi([payments]);
    renderInTestApp(<ApprovalsPage />, {
      apis: [[deploymentsApiRef, api]],
      initialRouteEntries: ['/?tab=all&state=rejected'],
    });
    await screen.findByRole('article', { name: 'payments to prod' });
    expect(api.listRequests).toHaveBeenCalledWith({
      state: 'rejected',
      limit: 25,
    });
    expect(screen.getByRole('tab', { name: 'All requests' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('loads the next page of requests on demand', async () => {
    const second = requestView(
      deploymentRequest({
        id: '7a2d1d4f-9b62-4b54-8e5f-1e7b2a5c3d22',
        serviceRef: 'component:default/billing',
      }),
    );
    const api = mockDeploymentsApi([payments, second]);
    api.listRequests.mockImplementation(async query =>
      query.after
        ? { items: [second.request] }
        : { items: [payments.request], nextAfter: 'cursor-1' },
    );
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    await screen.findByRole('article', { name: 'payments to prod' });
    expect(
      screen.queryByRole('article', { name: 'billing to prod' }),
    ).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'More requests' }));
    await screen.findByRole('article', { name: 'billing to prod' });
    expect(api.listRequests).toHaveBeenLastCalledWith({
      waitingForMe: true,
      limit: 25,
      after: 'cursor-1',
    });
    expect(screen.getAllByRole('article', { name: / to prod$/ })).toHaveLength(
      2,
    );
    expect(screen.queryByRole('button', { name: 'More requests' })).toBeNull();
  });

  it('counts the deploys that need attention on their tab', async () => {
    const failed = requestView(
      deploymentRequest({
        id: '7a2d1d4f-9b62-4b54-8e5f-1e7b2a5c3d22',
        state: 'failed',
      }),
    );
    const api = mockDeploymentsApi([payments, failed]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    expect(
      await screen.findByRole('tab', { name: 'Needs attention (1)' }),
    ).toBeInTheDocument();
    expect(api.listRequests).toHaveBeenCalledWith({
      attention: true,
      limit: 100,
    });
    // Beyond what one call counts: "100+".
    api.listRequests.mockImplementation(async query => ({
      items: query.attention ? [failed.request] : [payments.request],
      ...(query.attention ? { nextAfter: 'cursor-1' } : {}),
    }));
    fireEvent.click(screen.getByRole('tab', { name: 'All requests' }));
    expect(
      await screen.findByRole('tab', { name: 'Needs attention (1+)' }),
    ).toBeInTheDocument();
  });

  it('says when nothing is waiting', async () => {
    const api = mockDeploymentsApi([]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    expect(
      await screen.findByText('No request is waiting for your approval.'),
    ).toBeInTheDocument();
  });

  it('disables approval and says why when the policy refuses the user', async () => {
    const api = mockDeploymentsApi([
      requestView(deploymentRequest(), {
        canApprove: {
          allowed: false,
          refusal: 'requester',
          reason: 'carol requested it, so carol cannot approve',
        },
      }),
    ]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    const card = await screen.findByRole('article', {
      name: 'payments to prod',
    });
    expect(
      within(card).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(
      within(card).getByText(
        'You cannot approve: carol requested it, so carol cannot approve',
      ),
    ).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: 'Reject' })).toBeEnabled();
  });

  it('approves with an optional comment and reloads the list', async () => {
    const api = mockDeploymentsApi([payments]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    const dialog = await openDialog('Approve');
    fireEvent.change(within(dialog).getByLabelText('Comment'), {
      target: { value: 'looks good' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(api.approveRequest).toHaveBeenCalledWith(
        payments.request.id,
        'looks good',
      ),
    );
    await waitFor(() => expect(pageLoads(api)).toBe(2));
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('requires a comment to reject', async () => {
    const api = mockDeploymentsApi([payments]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    const dialog = await openDialog('Reject');
    fireEvent.change(within(dialog).getByLabelText('Comment (required)'), {
      target: { value: '   ' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(
      within(dialog).getByText('A comment is required to reject a request.'),
    ).toBeInTheDocument();
    expect(api.rejectRequest).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Comment (required)'), {
      target: { value: 'no change ticket' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await waitFor(() =>
      expect(api.rejectRequest).toHaveBeenCalledWith(
        payments.request.id,
        'no change ticket',
      ),
    );
    await waitFor(() => expect(pageLoads(api)).toBe(2));
  });

  it('overrides a posture gate that holds the request, with a mandatory reason', async () => {
    const api = mockDeploymentsApi([payments]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    const dialog = await openDialog('Override posture gate');
    const submit = within(dialog).getByRole('button', {
      name: 'Override posture gate',
    });
    fireEvent.click(submit);
    expect(
      within(dialog).getByText(
        'An override needs a reason; it is shown forever.',
      ),
    ).toBeInTheDocument();
    expect(api.overrideRequest).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: 'hotfix; scanner outage' },
    });
    fireEvent.click(submit);
    await waitFor(() =>
      expect(api.overrideRequest).toHaveBeenCalledWith(
        payments.request.id,
        'posture',
        'hotfix; scanner outage',
      ),
    );
    await waitFor(() => expect(pageLoads(api)).toBe(2));
  });

  it('offers no override for gates that are met', async () => {
    const api = mockDeploymentsApi([
      requestView(deploymentRequest(), {
        rules: [
          {
            rule: 'approvals',
            status: 'not-met',
            message: 'needs 1 more approval from release-approvers',
          },
          {
            rule: 'posture-gate',
            status: 'met',
            message: 'posture score 91 ≥ 80',
          },
        ],
      }),
    ]);
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    const card = await screen.findByRole('article', {
      name: 'payments to prod',
    });
    expect(within(card).getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(
      within(card).queryByRole('button', { name: /^Override/ }),
    ).toBeNull();
  });

  it("shows the backend's refusal in the dialog", async () => {
    const api = mockDeploymentsApi([payments]);
    api.approveRequest.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission deployments.approve',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    renderInTestApp(<ApprovalsPage />, { apis: [[deploymentsApiRef, api]] });
    const dialog = await openDialog('Approve');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Approve' }));
    expect(
      await within(dialog).findByText('Missing permission deployments.approve'),
    ).toBeInTheDocument();
    expect(pageLoads(api)).toBe(1);
  });
});
