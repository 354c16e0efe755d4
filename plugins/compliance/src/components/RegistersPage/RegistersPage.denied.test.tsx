import { screen, within } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockComplianceApi, waiver } from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

// Its own file: usePermission caches decisions for the whole test file.
describe('RegistersPage without compliance.approve', () => {
  it('lists the requests without decision buttons and says who decides', async () => {
    renderCompliancePage(
      '/compliance/registers',
      mockComplianceApi({
        listWaivers: jest.fn().mockResolvedValue([waiver()]),
      }),
      { permission: AuthorizeResult.DENY },
    );
    const table = await screen.findByRole('table', {
      name: 'waivers waiting for approval',
    });
    expect(within(table).queryByRole('button')).toBeNull();
    expect(
      screen.getByText(
        'Deciding waivers needs compliance.approve (the security auditors).',
      ),
    ).toBeInTheDocument();
  });

  it('offers no revocation', async () => {
    renderCompliancePage(
      '/compliance/registers?tab=waivers',
      mockComplianceApi({
        listWaivers: jest
          .fn()
          .mockResolvedValue([waiver({ state: 'approved' })]),
      }),
      { permission: AuthorizeResult.DENY },
    );
    const table = await screen.findByRole('table', { name: 'waivers' });
    expect(within(table).queryByRole('button', { name: 'Revoke' })).toBeNull();
  });
});
