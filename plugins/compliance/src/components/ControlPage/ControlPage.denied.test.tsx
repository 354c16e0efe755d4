import { fireEvent, screen, within } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockComplianceApi } from '../../__testUtils__/fixtures';
import { renderCompliancePage } from '../../__testUtils__/renderPage';

// Its own file: usePermission caches decisions for the whole test file.
describe('ControlPage without compliance.waive or compliance.triage', () => {
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

  it("shows a detection's triage state without the acknowledge form", async () => {
    renderCompliancePage(
      '/compliance/frameworks/cis-kubernetes/controls/5.1.1',
      mockComplianceApi({
        listResources: jest.fn().mockResolvedValue({
          supported: true,
          items: [
            {
              kind: 'CloudTrailEvent',
              name: 'ConsoleLogin',
              state: 'fail',
              message: 'ConsoleLogin: not acknowledged',
              evidence: {
                eventId: 'ev-1',
                ruleId: 'root-account-usage',
                eventTime: '2026-12-01T10:00:00.000Z',
                accountId: '123456789012',
                region: 'eu-west-1',
                eventName: 'ConsoleLogin',
              },
              ref: { source: 'audit-trail', id: 'ev-1' },
            },
          ],
        }),
      }),
      { permission: AuthorizeResult.DENY },
    );
    const table = await screen.findByRole('table', { name: 'results' });
    fireEvent.click(
      within(table).getAllByRole('button', { name: 'Objects' })[0],
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Details' }),
    );
    expect(
      await within(dialog).findByText(
        'Not acknowledged yet; acknowledging needs compliance.triage.',
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).queryByRole('button', { name: 'Acknowledge' }),
    ).toBeNull();
    // The trail no longer holds the event (the mock answers none): said, not made up.
    expect(
      await within(dialog).findByText(
        /the audit trail no longer holds event ev-1/,
      ),
    ).toBeInTheDocument();
  });
});
