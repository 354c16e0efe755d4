import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockComplianceApi } from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

// Its own file: usePermission caches decisions for the whole test file.
describe('FrameworkPage without compliance.evidence-pack.read', () => {
  it('offers the printable report but no evidence pack', async () => {
    const api = mockComplianceApi();
    renderCompliancePage('/compliance/frameworks/cis-kubernetes', api, {
      permission: AuthorizeResult.DENY,
    });
    expect(
      await screen.findByRole('link', { name: 'Printable report' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Evidence pack' })).toBeNull();
  });
});
