import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RunbookList } from '@sparki/runbooks-common';
import { RunbooksApi, runbooksApiRef } from '../../api';
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

  const list: RunbookList = {
    items: [
      {
        id: 'namespaces',
        title: 'Runbook: namespaces',
        summary: 'Namespaces.',
        severity: 'high',
        owner: 'group:default/platform-team',
        appliesTo: [],
        controls: [],
        detections: [],
        deploySteps: [],
        lastReviewed: new Date().toISOString().slice(0, 10),
        tags: [],
        stale: true,
        staleReasons: ['never-tested'],
      },
    ],
    invalid: [{ file: 'broken.md', field: 'owner', reason: 'Required' }],
  };

  function renderWithApi(
    id: string,
    listRunbooks: RunbooksApi['listRunbooks'],
  ) {
    const api: RunbooksApi = {
      listRunbooks,
      getRunbook: jest.fn(),
      getTests: jest.fn(),
      markTested: jest.fn(),
    };
    return renderInTestApp(<RunbookLink id={id} />, {
      apis: [[runbooksApiRef, api]],
      mountedRoutes: { '/runbooks': runbooksRouteRef },
    });
  }

  it("shows the runbook's staleness next to the link", async () => {
    await renderWithApi('namespaces', jest.fn().mockResolvedValue(list));
    expect(await screen.findByText('stale: never tested')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'namespaces' }),
    ).toBeInTheDocument();
  });

  it('says when the runbook file is invalid', async () => {
    await renderWithApi('broken', jest.fn().mockResolvedValue(list));
    expect(await screen.findByText('invalid frontmatter')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'broken' })).toHaveAttribute(
      'href',
      '/runbooks/broken',
    );
  });

  it('still links when the runbooks backend fails', async () => {
    const listRunbooks = jest.fn().mockRejectedValue(new Error('down'));
    await renderWithApi('namespaces', listRunbooks);
    expect(
      await screen.findByRole('link', { name: 'namespaces' }),
    ).toBeInTheDocument();
    expect(listRunbooks).toHaveBeenCalled();
    expect(screen.queryByText(/stale|reviewed/)).not.toBeInTheDocument();
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
