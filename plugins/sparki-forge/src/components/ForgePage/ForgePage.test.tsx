import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sparkiForgeApiRef } from '../../api/SparkiForgeApi';
import { mockForgeApi, proposalDetail } from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import { ForgePage } from './ForgePage';

function render(path: string, api = mockForgeApi()) {
  renderInTestApp(<ForgePage />, {
    apis: [
      [sparkiForgeApiRef, api],
      [
        permissionApiRef,
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
      [
        identityApiRef,
        mockApis.identity({ userEntityRef: 'user:default/bob' }),
      ],
    ],
    mountedRoutes: { '/sparki-forge': rootRouteRef },
    mountPath: '/sparki-forge/*',
    initialRouteEntries: [path],
  });
  return api;
}

describe('ForgePage', () => {
  it('lists the changes, linked to their pages', async () => {
    render('/sparki-forge');
    expect(
      await screen.findByRole('link', {
        name: 'Change 1: Environment payments-dev (dev)',
      }),
    ).toHaveAttribute('href', '/sparki-forge/changes/1');
  });

  it('shows a change with its body and diff, and merges it', async () => {
    const api = render('/sparki-forge/changes/1');
    expect(
      await screen.findByText('Change 1: Environment payments-dev (dev)'),
    ).toBeInTheDocument();
    expect(api.getChange).toHaveBeenCalledWith('1');
    expect(screen.getByText('payments-dev: creates it')).toBeInTheDocument();
    expect(screen.getByText('dev').tagName).toBe('STRONG');
    const diff = screen.getByLabelText('diff');
    expect(diff).toHaveTextContent('-size = "small"');
    expect(diff).toHaveTextContent('+size = "large"');

    api.getChange.mockResolvedValue({
      ...proposalDetail,
      state: 'merged',
      mergedBy: 'user:default/bob',
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Merge change 1' }),
    );
    expect(api.mergeChange).toHaveBeenCalledWith('1');
    expect(
      await screen.findByText(/merged by user:default\/bob/),
    ).toBeInTheDocument();
  });

  it('shows why a change cannot be read', async () => {
    render(
      '/sparki-forge/changes/9',
      mockForgeApi({
        getChange: jest.fn().mockRejectedValue(new Error('No change 9')),
      }),
    );
    expect(await screen.findByText('No change 9')).toBeInTheDocument();
  });
});
