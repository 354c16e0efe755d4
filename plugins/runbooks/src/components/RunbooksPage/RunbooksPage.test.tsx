import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type {
  Runbook,
  RunbookProblem,
  RunbookSummary,
  RunbookTest,
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
  const runbooksApi: jest.Mocked<RunbooksApi> = {
    listRunbooks: jest.fn().mockResolvedValue({ items: summaries, invalid }),
    getRunbook: jest.fn().mockResolvedValue(runbook),
    getTests: jest.fn().mockResolvedValue({ items: [] }),
    markTested: jest.fn(),
    ...(api as Partial<jest.Mocked<RunbooksApi>>),
  };
  // usePermission caches answers per permission for the whole test file (SWR): every test here
  // holds runbooks.attest; RunbookTests.test.tsx covers a user without it.
  const permissionApi = mockApis.permission({
    authorize: AuthorizeResult.ALLOW,
  });
  renderInTestApp(<RunbooksPage />, {
    apis: [
      [runbooksApiRef, runbooksApi],
      [permissionApiRef, permissionApi],
    ],
    mountedRoutes: {
      '/runbooks': runbooksRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
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
    // The owner is a link to the group, by its short name.
    expect(
      network.getByRole('link', { name: 'platform-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-team');
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
    expect(detail('Owner')).toBe('platform-team');
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
        'There is no runbook "missing" in the runbooks directory or the configured locations.',
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

  it('lists invalid files and unreadable locations with their location', async () => {
    const location = 'https://github.com/sparki-org/ops/tree/main/runbooks';
    render('/runbooks', {
      listRunbooks: jest.fn().mockResolvedValue({
        items: [{ ...summaries[0], location }],
        invalid: [
          { location, file: 'x.md', field: 'owner', reason: 'bad' },
          { location, file: location, field: 'location', reason: 'down' },
        ],
      }),
    });
    const table = await screen.findByRole('table', {
      name: 'invalid runbooks',
    });
    const firstCells = (row: number) =>
      within(within(table).getAllByRole('row')[row]).getAllByRole('cell')[0]
        .textContent;
    expect(firstCells(1)).toBe(`${location}: x.md`);
    expect(firstCells(2)).toBe(location);
    expect(
      screen.getByText(`network-policies · from ${location}`),
    ).toBeInTheDocument();
  });

  describe('Mark as tested', () => {
    const recorded: RunbookTest = {
      runbookId: 'network-policies',
      date: daysAgo(1),
      by: 'user:default/alice',
      outcome: 'partial',
      note: 'step 2 needed a retry',
      recordedAt: '2026-12-01T10:00:00.000Z',
    };

    it('shows the test history', async () => {
      render('/runbooks/network-policies', {
        getTests: jest.fn().mockResolvedValue({ items: [recorded] }),
      });
      const history = await screen.findByRole('table', {
        name: 'test history',
      });
      const cells = within(within(history).getAllByRole('row')[1])
        .getAllByRole('cell')
        .map(cell => cell.textContent);
      expect(cells).toEqual([
        daysAgo(1),
        'partial',
        'alice',
        'step 2 needed a retry',
        '2026-12-01T10:00:00.000Z',
      ]);
    });

    it('records a test, then shows it in the history and the new staleness', async () => {
      const user = userEvent.setup();
      const getTests = jest
        .fn()
        .mockResolvedValueOnce({ items: [] })
        .mockResolvedValue({ items: [recorded] });
      const getRunbook = jest
        .fn()
        .mockResolvedValueOnce(runbook)
        .mockResolvedValue({
          ...runbook,
          lastTested: {
            date: recorded.date,
            by: recorded.by,
            outcome: 'partial',
          },
          lastTestedSource: 'portal',
          staleReasons: ['review-overdue'],
        });
      const api = render('/runbooks/network-policies', {
        getTests,
        getRunbook,
        markTested: jest.fn().mockResolvedValue(recorded),
      });
      expect(
        await screen.findByText('No test recorded in the portal yet.'),
      ).toBeInTheDocument();
      await user.click(
        await screen.findByRole('button', { name: 'Mark as tested' }),
      );
      const dialog = await screen.findByRole('dialog');
      fireEvent.change(within(dialog).getByLabelText('Tested on'), {
        target: { value: recorded.date },
      });
      fireEvent.change(within(dialog).getByLabelText('Outcome'), {
        target: { value: 'partial' },
      });
      // A partial test without a note is refused before anything is sent.
      await user.click(
        within(dialog).getByRole('button', { name: 'Record test' }),
      );
      expect(
        await within(dialog).findByText(/note is required/),
      ).toBeInTheDocument();
      expect(api.markTested).not.toHaveBeenCalled();

      await user.type(
        within(dialog).getByLabelText('Note'),
        'step 2 needed a retry',
      );
      await user.click(
        within(dialog).getByRole('button', { name: 'Record test' }),
      );
      await waitFor(() =>
        expect(api.markTested).toHaveBeenCalledWith('network-policies', {
          date: recorded.date,
          outcome: 'partial',
          note: 'step 2 needed a retry',
        }),
      );
      expect(
        await screen.findByRole('table', { name: 'test history' }),
      ).toBeInTheDocument();
      const details = screen.getByRole('table', { name: 'runbook details' });
      await waitFor(() =>
        expect(
          within(details).getByRole('rowheader', { name: 'Last tested' })
            .nextElementSibling?.textContent,
        ).toBe(
          `${recorded.date}: partial, by user:default/alice (recorded in the portal)`,
        ),
      );
      expect(
        within(details).getByText('stale: reviewed 200 days ago'),
      ).toBeInTheDocument();
    });

    it("shows the backend's refusal in the dialog", async () => {
      const user = userEvent.setup();
      const refusal = await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Missing permission runbooks.attest',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      );
      render('/runbooks/network-policies', {
        markTested: jest.fn().mockRejectedValue(refusal),
      });
      await user.click(
        await screen.findByRole('button', { name: 'Mark as tested' }),
      );
      const dialog = await screen.findByRole('dialog');
      await user.click(
        within(dialog).getByRole('button', { name: 'Record test' }),
      );
      expect(
        await within(dialog).findByText('Missing permission runbooks.attest'),
      ).toBeInTheDocument();
    });
  });
});
