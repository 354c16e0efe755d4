import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import type {
  Runbook,
  RunbookProblem,
  RunbookSummary,
} from '@sparki/runbooks-common';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { RunbooksApi, runbooksApiRef } from '../../api/RunbooksApi';
import { RunbooksPage } from './RunbooksPage';

/** `YYYY-MM-DD` of the UTC day `days` days before today. */
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

const summaries: RunbookSummary[] = [
  {
    id: 'network-policies',
    title: 'Runbook: network-policies',
    summary: 'Controls: default deny.',
    severity: 'medium',
    owner: 'group:default/platform-team',
    appliesTo: [],
    controls: ['network-default-deny-ingress'],
    detections: [],
    deploySteps: [],
    lastReviewed: daysAgo(200),
    tags: ['kubernetes', 'network'],
    stale: true,
    staleReasons: ['review-overdue', 'never-tested'],
  },
  {
    id: 'rbac-least-privilege',
    title: 'Runbook: rbac-least-privilege',
    summary: 'Who may do what.',
    severity: 'critical',
    owner: 'group:default/security-team',
    appliesTo: ['Resource'],
    controls: [],
    detections: ['root-account-usage'],
    deploySteps: [],
    lastReviewed: daysAgo(3),
    lastTested: {
      date: daysAgo(10),
      by: 'user:default/alice',
      outcome: 'passed',
    },
    tags: ['kubernetes', 'rbac'],
    stale: false,
    staleReasons: [],
  },
];

const invalid: RunbookProblem[] = [
  { file: 'broken.md', field: 'last_tested.outcome', reason: 'Invalid option' },
];

const runbook: Runbook = {
  ...summaries[0],
  deploySteps: ['rolled-back'],
  appliesTo: ['component:default/sparki-api'],
  markdown: [
    '# Runbook: network-policies',
    '',
    'Every namespace needs a **default deny** policy.',
    '',
    '## Check',
    '',
    '- [x] policies listed',
    '- [ ] default deny present',
    '',
    '```sh',
    'kubectl get netpol -A',
    '```',
    '',
    '## How to fix',
    '',
    '1. Apply:',
    '',
    '   ```yaml',
    '   kind: NetworkPolicy',
    '   ```',
  ].join('\n'),
};

/** Raw HTML and links that would run script if they were not sanitised. */
const hostileMarkdown = [
  '# Hostile',
  '',
  '<script>window.__runbookScriptRan = true</script>',
  '<img src="x" onerror="window.__runbookScriptRan = true">',
  '<a href="javascript:window.__runbookScriptRan = true">raw link</a>',
  '<iframe src="javascript:window.__runbookScriptRan = true"></iframe>',
  '<div onclick="window.__runbookScriptRan = true" style="color: red">div</div>',
  '',
  '[markdown link](javascript:window.__runbookScriptRan=true)',
  '',
  '```html',
  '<script>window.__runbookScriptRan = true</script>',
  '```',
].join('\n');

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
    listRunbooks: jest.fn().mockResolvedValue({ items: summaries, invalid }),
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

  it('lists severity, owner, tags and staleness, and filters on them', async () => {
    render('/runbooks');
    const table = await screen.findByRole('table', { name: 'runbooks' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const network = within(rows[1]);
    expect(network.getByText('medium')).toBeInTheDocument();
    expect(
      network.getByText('group:default/platform-team'),
    ).toBeInTheDocument();
    expect(network.getByText('network')).toBeInTheDocument();
    expect(
      network.getByText('stale: reviewed 200 days ago, never tested'),
    ).toBeInTheDocument();
    expect(
      within(rows[2]).getByText('reviewed 3 days ago'),
    ).toBeInTheDocument();

    const shownIds = () =>
      within(table)
        .queryAllByText(/^(network-policies|rbac-least-privilege)$/)
        .map(element => element.textContent);
    const choose = (label: string, value: string) =>
      fireEvent.change(screen.getByLabelText(label), { target: { value } });

    choose('Severity', 'critical');
    expect(shownIds()).toEqual(['rbac-least-privilege']);
    choose('Severity', '');
    choose('Owner', 'group:default/platform-team');
    expect(shownIds()).toEqual(['network-policies']);
    choose('Owner', '');
    choose('Staleness', 'current');
    expect(shownIds()).toEqual(['rbac-least-privilege']);
    choose('Staleness', 'stale');
    expect(shownIds()).toEqual(['network-policies']);
    choose('Staleness', '');
    choose('Tag', 'rbac');
    expect(shownIds()).toEqual(['rbac-least-privilege']);
    choose('Tag', 'kubernetes');
    expect(shownIds()).toEqual(['network-policies', 'rbac-least-privilege']);
  });

  it('lists the invalid runbooks with file, field and reason', async () => {
    render('/runbooks');
    const table = await screen.findByRole('table', {
      name: 'invalid runbooks',
    });
    const cells = within(within(table).getAllByRole('row')[1])
      .getAllByRole('cell')
      .map(cell => cell.textContent);
    expect(cells).toEqual([
      'runbooks/broken.md',
      'last_tested.outcome',
      'Invalid option',
    ]);
    // Filters narrow the valid runbooks only; the invalid ones stay visible.
    fireEvent.change(screen.getByLabelText('Filter'), {
      target: { value: 'nothing like this' },
    });
    expect(
      screen.getByRole('table', { name: 'invalid runbooks' }),
    ).toBeInTheDocument();
  });

  it('renders a runbook with its frontmatter, contents and task list', async () => {
    const api = render('/runbooks/network-policies');
    expect(
      await screen.findByRole('heading', {
        level: 1,
        name: 'Runbook: network-policies',
      }),
    ).toBeInTheDocument();
    expect(api.getRunbook).toHaveBeenCalledWith('network-policies');
    expect(screen.getByText('default deny').tagName).toBe('STRONG');

    const details = screen.getByRole('table', { name: 'runbook details' });
    const detail = (label: string) =>
      within(details).getByRole('rowheader', { name: label }).nextElementSibling
        ?.textContent;
    expect(detail('Owner')).toBe('group:default/platform-team');
    expect(detail('Severity')).toBe('medium');
    expect(detail('Last tested')).toBe('never tested');
    expect(detail('Staleness')).toBe(
      'stale: reviewed 200 days ago, never tested',
    );
    expect(detail('Controls')).toBe('network-default-deny-ingress');
    expect(detail('Detections')).toBe('—');
    expect(detail('Deploy steps')).toBe('rolled-back');
    expect(detail('Applies to')).toBe('component:default/sparki-api');

    const contents = screen.getByRole('navigation', {
      name: 'table of contents',
    });
    expect(
      within(contents)
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toEqual(['#check', '#how-to-fix']);
    expect(document.getElementById('how-to-fix')?.tagName).toBe('H2');

    const boxes = screen.getAllByRole('checkbox');
    expect(boxes.map(box => (box as HTMLInputElement).checked)).toEqual([
      true,
      false,
    ]);
    expect(screen.getByRole('link', { name: 'All runbooks' })).toHaveAttribute(
      'href',
      '/runbooks',
    );
  });

  it('shows who tested a runbook, when and with which outcome', async () => {
    render('/runbooks/rbac-least-privilege', {
      getRunbook: jest
        .fn()
        .mockResolvedValue({ ...summaries[1], markdown: 'Body.' }),
    });
    const details = await screen.findByRole('table', {
      name: 'runbook details',
    });
    expect(
      within(details).getByRole('rowheader', { name: 'Last tested' })
        .nextElementSibling?.textContent,
    ).toBe(`${summaries[1].lastTested!.date}: passed, by user:default/alice`);
  });

  it('copies a code block to the clipboard and says so', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    try {
      render('/runbooks/network-policies');
      const blocks = await screen.findAllByTestId('runbook-code-block');
      expect(blocks).toHaveLength(2);
      // Code blocks are highlighted by a lazily loaded CodeSnippet.
      await waitFor(() =>
        expect(blocks[1].textContent).toContain('kind: NetworkPolicy'),
      );
      fireEvent.click(within(blocks[0]).getByRole('button', { name: 'Copy' }));
      expect(
        await within(blocks[0]).findByRole('button', { name: 'Copied' }),
      ).toBeInTheDocument();
      expect(writeText).toHaveBeenCalledWith('kubectl get netpol -A');
    } finally {
      delete (navigator as any).clipboard;
    }
  });

  it('says when the clipboard refuses the copy', async () => {
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText: jest.fn().mockRejectedValue(new Error('denied')) },
      configurable: true,
    });
    try {
      render('/runbooks/network-policies');
      const [block] = await screen.findAllByTestId('runbook-code-block');
      fireEvent.click(within(block).getByRole('button', { name: 'Copy' }));
      expect(
        await within(block).findByRole('button', { name: 'Copy failed' }),
      ).toBeInTheDocument();
    } finally {
      delete (navigator as any).clipboard;
    }
  });

  it('keeps hostile markdown inert: no scripts, handlers or javascript: links', async () => {
    render('/runbooks/hostile', {
      getRunbook: jest
        .fn()
        .mockResolvedValue({ ...runbook, markdown: hostileMarkdown }),
    });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Hostile' }),
    ).toBeInTheDocument();
    const [block] = await screen.findAllByTestId('runbook-code-block');
    // The script in the code block is shown as text, not run.
    await waitFor(() =>
      expect(block.textContent).toContain('window.__runbookScriptRan'),
    );
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('iframe')).toBeNull();
    expect(document.querySelector('[onerror], [onclick]')).toBeNull();
    expect(screen.getByText('div')).not.toHaveAttribute('style');
    expect(document.querySelector('a[href^="javascript:" i]')).toBeNull();
    expect(screen.getByText('raw link').closest('a')).toBeNull();
    expect(screen.getByText('markdown link').closest('a')).toBeNull();
    expect((window as any).__runbookScriptRan).toBeUndefined();
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
