import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import {
  cluster,
  findings,
  latest,
  mockPostureApi,
  snapshot,
  summary,
} from '../../__testUtils__/fixtures';
import { ClusterPosture } from './ClusterPosture';

function render(api = mockPostureApi()) {
  renderInTestApp(<ClusterPosture cluster="sparki-dev" />, {
    apis: [[securityPostureApiRef, api]],
  });
  return api;
}

async function forbidden(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Missing permission' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('ClusterPosture', () => {
  it('shows the cluster score, framework and namespace scores, and the failing control', async () => {
    render();
    expect(await screen.findByTestId('cluster-score')).toHaveTextContent(
      '72.5 %',
    );
    expect(screen.getByTestId('framework-pss-baseline')).toHaveTextContent(
      '50 %',
    );
    expect(screen.getByTestId('framework-rbac')).toHaveTextContent('95 %');

    const namespaces = screen.getByRole('table', { name: 'namespace scores' });
    const rows = within(namespaces).getAllByRole('row');
    // Worst first.
    expect(rows[1]).toHaveTextContent('web');
    expect(rows[1]).toHaveTextContent('40 %');
    expect(rows[2]).toHaveTextContent('payments');

    const controlTable = screen.getByRole('table', { name: 'controls' });
    expect(
      within(controlTable).getByText('Privileged containers are not allowed'),
    ).toBeInTheDocument();
    expect(within(controlTable).getByText('critical')).toBeInTheDocument();
    expect(within(controlTable).getByText('K8s 5.2.2')).toBeInTheDocument();
    expect(within(controlTable).getByText('2 / 4')).toBeInTheDocument();
    expect(
      within(controlTable).getByText('runbooks/workload-hardening.md'),
    ).toBeInTheDocument();
    // Passing controls are hidden until asked for.
    expect(
      within(controlTable).queryByText(
        'cluster-admin is only bound where required',
      ),
    ).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Show all controls'));
    expect(
      within(controlTable).getByText(
        'cluster-admin is only bound where required',
      ),
    ).toBeInTheDocument();
  });

  it('links runbooks to their page when the runbooks plugin is installed', async () => {
    renderInTestApp(<ClusterPosture cluster="sparki-dev" />, {
      apis: [[securityPostureApiRef, mockPostureApi()]],
      mountedRoutes: { '/runbooks': runbooksRouteRef },
    });
    const link = await screen.findByRole('link', {
      name: 'workload-hardening',
    });
    expect(link).toHaveAttribute('href', '/runbooks/workload-hardening');
  });

  it('drills down from a control to its findings as evidence', async () => {
    const api = render();
    const controlTable = await screen.findByRole('table', { name: 'controls' });
    fireEvent.click(
      within(controlTable).getByRole('button', {
        name: 'Show findings of pss-privileged-containers',
      }),
    );
    const findingsTable = await within(controlTable).findByRole('table', {
      name: 'findings',
    });
    expect(
      await within(findingsTable).findByText('Deployment/frontend'),
    ).toBeInTheDocument();
    expect(
      within(findingsTable).getByText('container "nginx" runs privileged'),
    ).toBeInTheDocument();
    expect(within(findingsTable).getByText('nginx')).toBeInTheDocument();
    expect(findingsTable).toHaveTextContent('"privileged": true');
    expect(api.listFindings).toHaveBeenCalledWith(
      {
        cluster: 'sparki-dev',
        snapshot: 7,
        control: 'pss-privileged-containers',
      },
      { limit: 25, cursor: undefined },
    );
  });

  it('loads further pages of findings with the cursor', async () => {
    const api = mockPostureApi({
      listFindings: jest
        .fn()
        .mockResolvedValueOnce({ items: [findings[0]], nextCursor: 'c1' })
        .mockResolvedValueOnce({ items: [findings[1]] })
        .mockResolvedValue({ items: [] }),
    });
    render(api);
    const explorer = await screen.findByText('Findings');
    const section = explorer.closest('#posture-findings') as HTMLElement;
    expect(
      await within(section).findByText('Deployment/frontend'),
    ).toBeInTheDocument();
    fireEvent.click(
      within(section).getByRole('button', { name: 'Load more findings' }),
    );
    expect(
      await within(section).findByText('DaemonSet/log-shipper'),
    ).toBeInTheDocument();
    expect(
      within(section).getByText('Deployment/frontend'),
    ).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenLastCalledWith(
      { cluster: 'sparki-dev', snapshot: 7 },
      { limit: 25, cursor: 'c1' },
    );
    expect(
      within(section).queryByRole('button', { name: 'Load more findings' }),
    ).not.toBeInTheDocument();
  });

  it('marks partial data and lists the kinds that could not be read', async () => {
    render(
      mockPostureApi(
        latest(
          snapshot({
            partial: true,
            unavailable: [
              { kind: 'clusterroles', reason: 'HTTP 403: forbidden' },
            ],
            results: [
              {
                controlId: 'rbac-cluster-admin-bindings',
                status: 'unknown',
                applicable: 0,
                failing: 0,
                reason: 'clusterroles unavailable',
              },
            ],
          }),
        ),
      ),
    );
    expect(await screen.findByText('Partial data')).toBeInTheDocument();
    expect(screen.getByText('clusterroles')).toBeInTheDocument();
    expect(screen.getByText(/HTTP 403: forbidden/)).toBeInTheDocument();
    const controlTable = screen.getByRole('table', { name: 'controls' });
    expect(within(controlTable).getByText('unknown')).toBeInTheDocument();
  });

  it('shows "No data" rather than a score when nothing could be scored', async () => {
    render(
      mockPostureApi(
        latest(
          snapshot({
            score: null,
            scores: {
              cluster: summary(null, {
                reason: 'No data: no control had resources to judge',
              }),
              byFramework: { rbac: summary(null) },
              byNamespace: {},
              byNamespaceFramework: {},
            },
          }),
        ),
      ),
    );
    expect(await screen.findByTestId('cluster-score')).toHaveTextContent(
      'No data',
    );
    expect(screen.getByTestId('framework-rbac')).toHaveTextContent('No data');
    expect(
      screen.getByText('No data: no control had resources to judge'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/100 %/)).not.toBeInTheDocument();
  });

  it('says the score is unknown when the cluster was never scanned', async () => {
    render(
      mockPostureApi({
        listClusters: jest
          .fn()
          .mockResolvedValue([cluster({ latestSnapshot: undefined })]),
      }),
    );
    expect(
      await screen.findByText('Not scanned yet — score unknown'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('cluster-score')).not.toBeInTheDocument();
  });

  it('explains a missing cluster', async () => {
    render(mockPostureApi({ listClusters: jest.fn().mockResolvedValue([]) }));
    expect(await screen.findByText(/is not configured/)).toBeInTheDocument();
  });

  it('shows backend errors', async () => {
    render(
      mockPostureApi({
        listClusters: jest.fn().mockRejectedValue(new Error('backend down')),
      }),
    );
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });

  it('scans now and reloads the cluster', async () => {
    const api = render();
    fireEvent.click(await screen.findByRole('button', { name: 'Scan now' }));
    await waitFor(() =>
      expect(api.triggerScan).toHaveBeenCalledWith('sparki-dev'),
    );
    await waitFor(() => expect(api.listClusters).toHaveBeenCalledTimes(2));
  });

  it('explains a refused scan (403) instead of failing', async () => {
    const error = await forbidden();
    render(mockPostureApi({ triggerScan: jest.fn().mockRejectedValue(error) }));
    fireEvent.click(await screen.findByRole('button', { name: 'Scan now' }));
    expect(
      await screen.findByText(/not allowed to scan clusters/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cluster-score')).toHaveTextContent('72.5 %');
  });

  it("shows the backend's message when a scan fails", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'Error', message: 'clusters API unreachable' },
          response: { statusCode: 500 },
        }),
        { status: 500, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    render(mockPostureApi({ triggerScan: jest.fn().mockRejectedValue(error) }));
    fireEvent.click(await screen.findByRole('button', { name: 'Scan now' }));
    expect(
      await screen.findByText('Scan failed: clusters API unreachable'),
    ).toBeInTheDocument();
  });

  it('disables the button while a scan runs in the backend', async () => {
    render(
      mockPostureApi({
        listClusters: jest
          .fn()
          .mockResolvedValue([cluster({ scanning: true })]),
      }),
    );
    expect(
      await screen.findByRole('button', { name: 'Scanning…' }),
    ).toBeDisabled();
  });
});
