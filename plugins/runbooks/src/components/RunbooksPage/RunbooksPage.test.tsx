import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import type { Runbook } from '@sparki/runbooks-common';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { RunbooksApi, runbooksApiRef } from '../../api/RunbooksApi';
import { RunbooksPage } from './RunbooksPage';

const summaries = [
  {
    id: 'network-policies',
    title: 'Runbook: network-policies',
    summary: 'Controls: default deny.',
  },
  {
    id: 'rbac-least-privilege',
    title: 'Runbook: rbac-least-privilege',
    summary: 'Who may do what.',
  },
];

const runbook: Runbook = {
  id: 'network-policies',
  title: 'Runbook: network-policies',
  summary: 'Controls: default deny.',
  severity: 'medium',
  owner: 'group:default/platform-team',
  appliesTo: [],
  controls: ['network-default-deny-ingress'],
  detections: [],
  deploySteps: [],
  lastReviewed: '2026-01-01',
  tags: [],
  stale: true,
  staleReasons: ['never-tested'],
  markdown: [
    '# Runbook: network-policies',
    '',
    'Every namespace needs a **default deny** policy.',
    '',
    '<script>window.__runbookScriptRan = true</script>',
    '<img src="x" onerror="window.__runbookScriptRan = true">',
    '',
    '```sh',
    'kubectl get netpol -A',
    '```',
  ].join('\n'),
};

async function notFound(id: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: `No runbook "${id}"` },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

function render(path: string, api: Partial<RunbooksApi> = {}) {
  const runbooksApi: RunbooksApi = {
    listRunbooks: jest.fn().mockResolvedValue(summaries),
    getRunbook: jest.fn().mockResolvedValue(runbook),
    ...api,
  };
  renderInTestApp(<RunbooksPage />, {
    apis: [[runbooksApiRef, runbooksApi]],
    mountedRoutes: { '/runbooks': runbooksRouteRef },
    mountPath: '/runbooks/*',
    initialRouteEntries: [path],
  });
  return runbooksApi;
}

describe('RunbooksPage', () => {
  it('lists the runbooks, linked to their pages, and filters them', async () => {
    render('/runbooks');
    const table = await screen.findByRole('table', { name: 'runbooks' });
    const link = within(table).getByRole('link', {
      name: 'Runbook: network-policies',
    });
    expect(link).toHaveAttribute('href', '/runbooks/network-policies');
    expect(within(table).getByText('Who may do what.')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Filter'), {
      target: { value: 'RBAC' },
    });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    expect(within(table).getByText('rbac-least-privilege')).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText('Filter'), {
      target: { value: 'nothing like this' },
    });
    expect(
      screen.getByText('No runbook matches the filter.'),
    ).toBeInTheDocument();
  });

  it('renders a runbook as markdown without running its scripts', async () => {
    const api = render('/runbooks/network-policies');
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Runbook: network-policies',
      }),
    ).toBeInTheDocument();
    expect(api.getRunbook).toHaveBeenCalledWith('network-policies');
    expect(screen.getByText('default deny').tagName).toBe('STRONG');
    // Code blocks are highlighted by a lazily loaded CodeSnippet.
    await waitFor(() =>
      expect(document.body.textContent).toContain('kubectl get netpol -A'),
    );
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('[onerror]')).toBeNull();
    expect(document.body.innerHTML).not.toContain('__runbookScriptRan');
    expect((window as any).__runbookScriptRan).toBeUndefined();
    expect(screen.getByRole('link', { name: 'All runbooks' })).toHaveAttribute(
      'href',
      '/runbooks',
    );
  });

  it('says so when the runbook does not exist', async () => {
    render('/runbooks/missing', {
      getRunbook: jest.fn().mockRejectedValue(await notFound('missing')),
    });
    expect(await screen.findByText(/Runbook not found/)).toBeInTheDocument();
    expect(
      screen.getByText(
        'There is no runbook "missing" in the runbooks directory.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the backend's error for other failures", async () => {
    render('/runbooks', {
      listRunbooks: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    expect(
      await screen.findByText('Error: backend down', { selector: 'h6' }),
    ).toBeInTheDocument();
  });
});
