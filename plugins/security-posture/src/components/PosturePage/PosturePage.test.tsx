import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import {
  cluster,
  mockPostureApi,
  snapshot,
  summaryOf,
} from '../../__testUtils__/fixtures';
import { PosturePage } from './PosturePage';

describe('PosturePage', () => {
  it('lists every cluster with its score and shows the selected one', async () => {
    const api = mockPostureApi({
      listClusters: jest.fn().mockResolvedValue([
        cluster(),
        cluster({
          name: 'sparki-prod',
          source: 'api',
          entityRef: undefined,
          latestSnapshot: summaryOf(
            snapshot({ cluster: 'sparki-prod', score: 91, partial: true }),
          ),
        }),
        cluster({
          name: 'sparki-staging',
          entityRef: undefined,
          latestSnapshot: undefined,
        }),
      ]),
    });
    renderInTestApp(<PosturePage />, { apis: [[securityPostureApiRef, api]] });

    const table = await screen.findByRole('table', { name: 'clusters' });
    expect(
      within(table).getByTestId('cluster-row-sparki-dev'),
    ).toHaveTextContent('72.5 %');
    expect(
      within(table).getByTestId('cluster-row-sparki-prod'),
    ).toHaveTextContent('91 % (partial)');
    const staging = within(table).getByTestId('cluster-row-sparki-staging');
    expect(staging).toHaveTextContent('No data');
    expect(staging).toHaveTextContent('never');
    expect(
      within(table).getByRole('link', { name: 'resource:default/eks-dev' }),
    ).toHaveAttribute('href', '/catalog/default/resource/eks-dev');

    // The first cluster is shown in detail until another is picked.
    expect(await screen.findByTestId('cluster-score')).toHaveTextContent(
      '72.5 %',
    );
    fireEvent.click(staging);
    expect(
      await screen.findByText('Not scanned yet — score unknown'),
    ).toBeInTheDocument();
  });

  it('refreshes the cluster list after a scan', async () => {
    const api = mockPostureApi();
    renderInTestApp(<PosturePage />, { apis: [[securityPostureApiRef, api]] });
    fireEvent.click(await screen.findByRole('button', { name: 'Scan now' }));
    // The page's list and the cluster view both reload.
    await waitFor(() => expect(api.listClusters).toHaveBeenCalledTimes(4));
    expect(screen.getByRole('table', { name: 'clusters' })).toBeInTheDocument();
  });

  it('explains an empty configuration', async () => {
    renderInTestApp(<PosturePage />, {
      apis: [
        [
          securityPostureApiRef,
          mockPostureApi({ listClusters: jest.fn().mockResolvedValue([]) }),
        ],
      ],
    });
    expect(
      await screen.findByText(/No cluster is configured/),
    ).toBeInTheDocument();
  });
});
