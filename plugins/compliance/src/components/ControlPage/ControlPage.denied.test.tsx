import { screen, within } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockComplianceApi } from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

// Its own file: usePermission caches decisions for the whole test file.
describe('ControlPage without compliance.waive', () => {
  it('offers objects but no waiver request', async () => {
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes/controls/5.1.1',
      mockComplianceApi(),
      { permission: AuthorizeResult.DENY },
    );
    const table = await screen.findByRole('table', { name: 'results' });
    expect(
      within(table).getAllByRole('button', { name: 'Objects' }),
    ).toHaveLength(2);
    expect(
      within(table).queryByRole('button', { name: 'Request waiver' }),
    ).toBeNull();
  });
});
