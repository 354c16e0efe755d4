import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { runbooksRouteRef } from '../../routes';
import { SeverityChip } from '../SeverityChip/SeverityChip';
import { RunbookLink } from './RunbookLink';

describe('RunbookLink', () => {
  it("links to the runbook's page when the runbooks page is mounted", async () => {
    await renderInTestApp(<RunbookLink id="namespaces" />, {
      mountedRoutes: { '/runbooks': runbooksRouteRef },
    });
    expect(
      await screen.findByRole('link', { name: 'namespaces' }),
    ).toHaveAttribute('href', '/runbooks/namespaces');
  });

  it('shows the file path in an app without the runbooks page', async () => {
    await renderInTestApp(<RunbookLink id="namespaces" />);
    expect(
      await screen.findByText('runbooks/namespaces.md'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});

describe('SeverityChip', () => {
  it('shows the severity, critical filled and the others outlined', async () => {
    await renderInTestApp(
      <>
        <SeverityChip severity="critical" />
        <SeverityChip severity="low" />
      </>,
    );
    const critical = (await screen.findByText('critical')).parentElement;
    expect(critical?.className).toMatch(/MuiChip-filledError/);
    const low = screen.getByText('low').parentElement;
    expect(low?.className).toMatch(/MuiChip-outlinedDefault/);
  });
});
