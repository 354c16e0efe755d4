import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  DeploymentHistoryItem,
  ServiceEnvironmentsResponse,
} from '@sparki/deployments-common';
import { deploymentsApiRef } from '../../api/DeploymentsApi';
import {
  deploymentRequest,
  mockDeploymentsApi,
  requestView,
} from '../../__testUtils__/fixtures';
import { EntityDeploymentsContent } from './EntityDeploymentsContent';
import { isDeploymentsAvailable } from './availability';

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
const waiting = deploymentRequest();

function summary(request: typeof preview) {
  return {
    id: request.id,
    serviceRef: request.serviceRef,
    environment: request.environment,
    version: request.version,
    requester: request.requester,
    reason: request.reason,
    state: request.state,
    approvedBy: [],
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
  };
}

const environments: ServiceEnvironmentsResponse = {
  environments: [
    {
      name: 'dev',
      order: 0,
      live: {
        requestId: '22222222-2222-4222-8222-222222222222',
        version: { commitSha: 'aaaaaaaaaa', tag: 'v1.4.0' },
        since: new Date(Date.now() - 3 * 3_600_000).toISOString(),
      },
      pending: [],
    },
    { name: 'staging', order: 1, pending: [summary(preview)] },
    { name: 'prod', order: 2, pending: [summary(waiting)] },
  ],
};

function historyItem(
  overrides: Partial<DeploymentHistoryItem>,
): DeploymentHistoryItem {
  return {
    requestId: preview.id,
    eventId: 'preview-ready:1',
    serviceRef: 'component:default/payments',
    environment: 'staging',
    version: preview.version,
    event: 'preview-ready',
    by: { kind: 'pipeline', identity: 'github-actions' },
    at: '2026-12-02T09:00:00.000Z',
    policyHash: 'sha256:p',
    from: 'deploying',
    to: 'preview-ready',
    ...overrides,
  };
}

function setup(
  customise: (api: ReturnType<typeof mockDeploymentsApi>) => void = () => {},
) {
  const api = mockDeploymentsApi([requestView(waiting), requestView(preview)]);
  api.getServiceEnvironments.mockResolvedValue(environments);
  api.getHistory.mockResolvedValue({
    items: [
      historyItem({}),
      historyItem({
        eventId: 'rollback:1',
        environment: 'prod',
        event: 'rollback',
        by: { kind: 'user', userRef: 'user:default/dave' },
        comment: 'error rate up',
        from: 'live',
        to: 'rolled-back',
      }),
    ],
    nextBefore: '17',
  });
  customise(api);
  renderInTestApp(
    <EntityProvider entity={entity}>
      <EntityDeploymentsContent />
    </EntityProvider>,
    {
      apis: [
        [deploymentsApiRef, api],
        // Allowed everything: EntityDeploymentsContent.denied.test.tsx covers the rest.
        [permissionApiRef, mockApis.permission()],
      ],
    },
  );
  return api;
}

describe('isDeploymentsAvailable', () => {
  it('shows the tab on components only', () => {
    expect(isDeploymentsAvailable(entity)).toBe(true);
    expect(isDeploymentsAvailable({ ...entity, kind: 'Resource' })).toBe(false);
  });
});

describe('EntityDeploymentsContent', () => {
  it('shows dev → staging → prod with the live version, pending requests with their gates, history and runbooks', async () => {
    const api = setup();
    const sections = await screen.findAllByRole('region', {
      name: /^environment /,
    });
    expect(sections.map(s => s.getAttribute('aria-label'))).toEqual([
      'environment dev',
      'environment staging',
      'environment prod',
    ]);
    expect(api.getServiceEnvironments).toHaveBeenCalledWith({
      namespace: 'default',
      kind: 'Component',
      name: 'payments',
    });
    expect(screen.getByTestId('live-dev')).toHaveTextContent(
      'v1.4.0 (aaaaaaa)',
    );
    expect(
      within(sections[0]).getByText('live since 3 hours ago'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('live-prod')).toHaveTextContent(
      'the version is unknown',
    );

    const prodRequest = within(sections[2]).getByRole('article');
    await waitFor(() =>
      expect(
        within(prodRequest).getByRole('list', { name: 'policy evaluation' }),
      ).toBeInTheDocument(),
    );
    expect(api.getRequest).toHaveBeenCalledWith(waiting.id);
    expect(
      within(prodRequest).getByText(
        'Posture gate: no posture snapshot of the target cluster: the gate does not pass',
      ),
    ).toBeInTheDocument();
    // Awaiting approval: not deployable yet, only withdrawn.
    expect(
      within(prodRequest)
        .getAllByRole('button')
        .map(button => button.textContent),
    ).toEqual(['Cancel request']);
    const stagingRequest = within(sections[1]).getByRole('article');
    expect(
      within(stagingRequest).getByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();

    const timeline = await screen.findByRole('list', {
      name: 'deployment history',
    });
    expect(
      within(timeline)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      expect.stringContaining(
        'staging: preview-ready v1.5.0 (bbbbbbb) by pipeline github-actions (deploying → preview-ready)',
      ),
      expect.stringMatching(
        /^prod: rollback v1\.5\.0 \(bbbbbbb\) by dave \(live → rolled-back\).* · error rate up$/,
      ),
    ]);
    expect(api.getHistory).toHaveBeenCalledWith({
      serviceRef: 'component:default/payments',
      limit: 20,
    });
    const runbooks = screen.getByLabelText('deployment runbooks');
    expect(runbooks).toHaveTextContent('runbooks/production-deployment.md');
    expect(runbooks).toHaveTextContent('runbooks/blue-green-deployment.md');
    expect(runbooks).toHaveTextContent('runbooks/rollback.md');
  });

  it('promotes after confirmation and reloads what runs where and the history', async () => {
    const api = setup();
    const staging = await screen.findByRole('region', {
      name: 'environment staging',
    });
    fireEvent.click(within(staging).getByRole('button', { name: 'Promote' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Promote payments v1.5.0 (bbbbbbb) in staging?',
    );
    fireEvent.change(within(dialog).getByLabelText('Comment'), {
      target: { value: 'preview checked' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Promote' }));
    await waitFor(() =>
      expect(api.promoteRequest).toHaveBeenCalledWith(
        preview.id,
        'preview checked',
      ),
    );
    await waitFor(() =>
      expect(api.getServiceEnvironments).toHaveBeenCalledTimes(2),
    );
    await waitFor(() => expect(api.getHistory).toHaveBeenCalledTimes(2));
    // The reloaded first page is shown again, with its link to older decisions.
    expect(
      await screen.findByRole('button', { name: 'Older decisions' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('requires a reason to roll back and shows the server refusal', async () => {
    // Built before rendering: awaiting it later would let the page update outside act().
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'Missing permission deployments.rollback',
          },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = setup();
    api.rollbackRequest.mockRejectedValue(refusal);
    const dev = await screen.findByRole('region', { name: 'environment dev' });
    fireEvent.click(within(dev).getByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      within(dialog).getByText('A reason is required to roll back.'),
    ).toBeInTheDocument();
    expect(api.rollbackRequest).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: 'latency doubled' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await within(dialog).findByText(
        'Missing permission deployments.rollback',
      ),
    ).toBeInTheDocument();
    expect(api.rollbackRequest).toHaveBeenCalledWith(
      '22222222-2222-4222-8222-222222222222',
      'latency doubled',
    );
  });

  it('aborts an Argo rollout in progress and retries it from the history, each with a reason', async () => {
    const api = setup(mock => {
      mock.getServiceEnvironments.mockResolvedValue({
        environments: [
          {
            name: 'staging',
            order: 1,
            rollout: { kind: 'argo-rollouts', phase: 'Paused' },
            pending: [summary(preview)],
          },
          // Blue-green switches at once: nothing to abort there.
          {
            name: 'prod',
            order: 2,
            rollout: { kind: 'kubernetes-blue-green', activeColor: 'blue' },
            pending: [
              summary({ ...preview, id: waiting.id, environment: 'prod' }),
            ],
          },
        ],
      });
      mock.getHistory.mockResolvedValue({
        items: [
          historyItem({
            eventId: 'abort',
            event: 'fail',
            by: { kind: 'user', userRef: 'user:default/dave' },
            comment: 'aborted: errors',
            from: 'preview-ready',
            to: 'failed',
          }),
          historyItem({}),
        ],
      });
    });
    const staging = await screen.findByRole('region', {
      name: 'environment staging',
    });
    const prod = screen.getByRole('region', { name: 'environment prod' });
    expect(within(prod).queryByRole('button', { name: 'Abort' })).toBeNull();
    fireEvent.click(within(staging).getByRole('button', { name: 'Abort' }));
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Abort payments v1.5.0 (bbbbbbb) in staging?',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Abort' }));
    expect(
      within(dialog).getByText('A reason is required to abort.'),
    ).toBeInTheDocument();
    expect(api.abortRequest).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: '5xx on the preview' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Abort' }));
    await waitFor(() =>
      expect(api.abortRequest).toHaveBeenCalledWith(
        preview.id,
        '5xx on the preview',
      ),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // Only the abort that is its request's latest decision offers a retry.
    const timeline = await screen.findByRole('list', {
      name: 'deployment history',
    });
    const retries = within(timeline).getAllByRole('button', { name: 'Retry' });
    expect(retries).toHaveLength(1);
    fireEvent.click(retries[0]);
    dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Retry payments v1.5.0 (bbbbbbb) in staging?',
    );
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: 'fixed the probe' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() =>
      expect(api.retryRequest).toHaveBeenCalledWith(
        preview.id,
        'fixed the probe',
      ),
    );
  });

  it('requests a deploy for an environment, checking the version and reason first', async () => {
    const api = setup();
    const prod = await screen.findByRole('region', {
      name: 'environment prod',
    });
    fireEvent.click(
      within(prod).getByRole('button', { name: 'Request a deploy' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Request a deploy of payments to prod');
    fireEvent.change(within(dialog).getByLabelText('Commit sha (required)'), {
      target: { value: 'not-a-sha' },
    });
    fireEvent.change(within(dialog).getByLabelText('Image digest'), {
      target: { value: 'sha256:short' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Request' }));
    expect(
      within(dialog).getByText('A commit sha: 7 to 40 lowercase hex digits.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('sha256: followed by 64 lowercase hex digits.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('A reason is required.'),
    ).toBeInTheDocument();
    expect(api.createRequest).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByLabelText('Commit sha (required)'), {
      target: { value: ' cccccccccc ' },
    });
    fireEvent.change(within(dialog).getByLabelText('Image digest'), {
      target: { value: '' },
    });
    fireEvent.change(within(dialog).getByLabelText('Tag'), {
      target: { value: 'v1.6.0' },
    });
    fireEvent.change(within(dialog).getByLabelText('Reason (required)'), {
      target: { value: 'release 1.6' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Request' }));
    await waitFor(() =>
      expect(api.createRequest).toHaveBeenCalledWith({
        serviceRef: 'component:default/payments',
        environment: 'prod',
        version: { commitSha: 'cccccccccc', tag: 'v1.6.0' },
        reason: 'release 1.6',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(api.getServiceEnvironments).toHaveBeenCalledTimes(2),
    );
  });

  it('cancels a request not yet deploying, with an optional comment, and shows a refusal', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'only the requester or an approver may cancel it',
          },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const api = setup();
    api.cancelRequest.mockRejectedValueOnce(refusal);
    const prod = await screen.findByRole('region', {
      name: 'environment prod',
    });
    const staging = screen.getByRole('region', { name: 'environment staging' });
    // Preview-ready is deploying already: rolled back, not cancelled.
    expect(
      within(staging).queryByRole('button', { name: 'Cancel request' }),
    ).toBeNull();
    fireEvent.click(
      within(prod).getByRole('button', { name: 'Cancel request' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Cancel the request for payments');
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    expect(
      await within(dialog).findByText(
        'only the requester or an approver may cancel it',
      ),
    ).toBeInTheDocument();
    fireEvent.change(within(dialog).getByLabelText('Comment'), {
      target: { value: 'wrong version' },
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel request' }),
    );
    await waitFor(() =>
      expect(api.cancelRequest).toHaveBeenLastCalledWith(
        waiting.id,
        'wrong version',
      ),
    );
    expect(api.cancelRequest.mock.calls[0]).toEqual([waiting.id, undefined]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('loads older decisions with the cursor of the previous page', async () => {
    const api = setup();
    const older = await screen.findByRole('button', {
      name: 'Older decisions',
    });
    api.getHistory.mockResolvedValueOnce({
      items: [
        historyItem({
          eventId: 'submit:1',
          event: 'submit',
          from: 'requested',
          to: 'approved',
        }),
      ],
    });
    fireEvent.click(older);
    await waitFor(() =>
      expect(api.getHistory).toHaveBeenLastCalledWith({
        serviceRef: 'component:default/payments',
        limit: 20,
        before: '17',
      }),
    );
    const timeline = screen.getByRole('list', { name: 'deployment history' });
    await waitFor(() =>
      expect(within(timeline).getAllByRole('listitem')).toHaveLength(3),
    );
    expect(
      screen.queryByRole('button', { name: 'Older decisions' }),
    ).toBeNull();
  });

  it('names the version rolled back last where no live version is known', async () => {
    setup(api =>
      api.getServiceEnvironments.mockResolvedValue({
        environments: [
          {
            name: 'prod',
            order: 2,
            pending: [],
            rolledBack: {
              requestId: '33333333-3333-4333-8333-333333333333',
              version: { commitSha: 'bbbbbbbbbb', tag: 'v1.5.0' },
              at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
              by: { kind: 'user', userRef: 'user:default/dave' },
            },
            rollout: { kind: 'gitops', activeColor: 'blue' },
          },
        ],
      }),
    );
    const prod = await screen.findByTestId('live-prod');
    expect(prod).toHaveTextContent(
      'v1.5.0 (bbbbbbb) was rolled back 2 hours ago by dave; the version serving now did not go live through the portal, so it is unknown.',
    );
    expect(screen.getByText('gitops: blue live')).toBeInTheDocument();
    // Nothing live: no rollback of a rollback.
    expect(
      within(
        screen.getByRole('region', { name: 'environment prod' }),
      ).queryByRole('button', { name: 'Roll back' }),
    ).toBeNull();
  });

  it('says so when the environments cannot be loaded', async () => {
    const api = mockDeploymentsApi([]);
    api.getServiceEnvironments.mockRejectedValue(new Error('backend down'));
    renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityDeploymentsContent />
      </EntityProvider>,
      { apis: [[deploymentsApiRef, api]] },
    );
    expect(
      await screen.findByText('Could not load the environments: backend down'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No decision recorded yet.'),
    ).toBeInTheDocument();
  });
});
