import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { RunbooksApi, runbooksApiRef } from '../../api/RunbooksApi';
import { RunbookTests } from './RunbookTests';

// Its own file: usePermission caches answers per permission for a whole test file.
describe('RunbookTests without runbooks.attest', () => {
  it('shows the history but no "Mark as tested" button', async () => {
    const api: RunbooksApi = {
      listRunbooks: jest.fn(),
      getRunbook: jest.fn(),
      getTests: jest.fn().mockResolvedValue({
        items: [
          {
            runbookId: 'rollback',
            date: '2026-11-30',
            by: 'user:default/alice',
            outcome: 'passed',
            recordedAt: '2026-11-30T09:00:00.000Z',
          },
        ],
      }),
      markTested: jest.fn(),
    };
    const permissionApi = mockApis.permission({
      authorize: AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    renderInTestApp(
      <RunbookTests runbookId="rollback" onRecorded={jest.fn()} />,
      {
        apis: [
          [runbooksApiRef, api],
          [permissionApiRef, permissionApi],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByRole('table', { name: 'test history' }),
    ).toBeInTheDocument();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({ name: 'runbooks.attest' }),
      }),
    );
    expect(
      screen.queryByRole('button', { name: 'Mark as tested' }),
    ).not.toBeInTheDocument();
  });
});
