import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sparkiForgeApiRef } from '../../api/SparkiForgeApi';
import {
  environment,
  mockForgeApi,
  proposal,
} from '../../__testUtils__/fixtures';
import { rootRouteRef, selectedTemplateRouteRef } from '../../routes';
import { EnvironmentLifecycleCard } from './EnvironmentLifecycleCard';
import { isEnvironment } from './isEnvironment';

const proposed = environment({
  'sparki.io/lifecycle': 'proposed',
  'sparki.io/forge-change': '1',
});

function render(
  entity: Entity,
  options: {
    api?: ReturnType<typeof mockForgeApi>;
    user?: string;
  } = {},
) {
  const api = options.api ?? mockForgeApi();
  renderInTestApp(
    <EntityProvider entity={entity}>
      <EnvironmentLifecycleCard />
    </EntityProvider>,
    {
      apis: [
        [sparkiForgeApiRef, api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: AuthorizeResult.ALLOW,
          }),
        ],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: options.user ?? 'user:default/bob',
          }),
        ],
      ],
      mountedRoutes: {
        '/sparki-forge': rootRouteRef,
        '/create/templates/:namespace/:templateName': selectedTemplateRouteRef,
      },
    },
  );
  return api;
}

describe('EnvironmentLifecycleCard', () => {
  it('shows a proposed environment with its change, and merges it for the platform team', async () => {
    const api = render(proposed);
    expect(await screen.findByText('Proposed')).toHaveClass('Mui-active');
    expect(screen.getByText('Active')).not.toHaveClass('Mui-active');
    const link = await screen.findByRole('link', {
      name: 'Change 1: Environment payments-dev (dev)',
    });
    expect(link).toHaveAttribute('href', '/sparki-forge/changes/1');
    expect(
      screen.getByText('creates it · open · by user:default/alice'),
    ).toBeInTheDocument();
    expect(api.listChanges).toHaveBeenCalledWith({
      environment: 'payments-dev',
    });

    api.listChanges.mockResolvedValue([
      { ...proposal, state: 'merged', mergedBy: 'user:default/bob' },
    ]);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Merge change 1' }),
    );
    expect(api.mergeChange).toHaveBeenCalledWith('1');
    expect(
      await screen.findByText(/Change 1 is merged into main/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Merge change 1' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('tells the author someone else merges it', async () => {
    render(proposed, { user: 'user:default/alice' });
    expect(
      await screen.findByText(
        'You proposed this change: someone else from the platform team merges it.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers an active environment a decommission request, pre-filled with it', async () => {
    render(environment({ 'sparki.io/lifecycle': 'active' }));
    expect(await screen.findByText('Active')).toHaveClass('Mui-active');
    const link = screen.getByRole('link', { name: 'Request decommission' });
    const target = new URL(link.getAttribute('href')!, 'http://portal');
    expect(target.pathname).toBe(
      '/create/templates/default/sparki-environment-decommission',
    );
    expect(JSON.parse(target.searchParams.get('formData')!)).toEqual({
      environment: 'resource:default/payments-dev',
    });
  });

  it('offers no decommission request before the environment is active', async () => {
    render(proposed);
    expect(await screen.findByText('Proposed')).toHaveClass('Mui-active');
    expect(
      screen.queryByRole('link', { name: 'Request decommission' }),
    ).not.toBeInTheDocument();
  });

  it('shows a retired environment with every step done', async () => {
    render(environment({ 'sparki.io/lifecycle': 'retired' }), {
      api: mockForgeApi({ listChanges: jest.fn().mockResolvedValue([]) }),
    });
    expect(await screen.findByText('Retired')).toHaveClass('Mui-completed');
    expect(screen.getByText('Decommission requested')).toHaveClass(
      'Mui-completed',
    );
  });

  it('says so when the lifecycle is unknown or the changes cannot be read', async () => {
    render(environment({}));
    expect(
      await screen.findByText(
        'Lifecycle unknown: this environment was not read from the local infrastructure repository.',
      ),
    ).toBeInTheDocument();
  });

  it('shows the changes as unavailable when the backend refuses', async () => {
    render(proposed, {
      api: mockForgeApi({
        listChanges: jest
          .fn()
          .mockRejectedValue(new Error('The local forge is disabled')),
      }),
    });
    expect(
      await screen.findByText(
        'Changes unavailable: The local forge is disabled',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Proposed')).toHaveClass('Mui-active');
  });

  it('is for environment Resources only', () => {
    expect(isEnvironment(proposed)).toBe(true);
    expect(
      isEnvironment({ ...proposed, spec: { type: 'kubernetes-cluster' } }),
    ).toBe(false);
    expect(isEnvironment({ ...proposed, kind: 'Component' })).toBe(false);
  });
});
