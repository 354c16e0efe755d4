import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { RunbookList, RunbookSummary } from '@sparki/runbooks-common';
import { runbooksRouteRef } from '@sparki/runbooks-react';
import { RunbooksApi, runbooksApiRef } from '../../api/RunbooksApi';
import { EntityRunbooksContent } from './EntityRunbooksContent';
import { isRunbooksAvailable } from './availability';

const today = new Date().toISOString().slice(0, 10);

const summary = (
  id: string,
  extra: Partial<RunbookSummary> = {},
): RunbookSummary => ({
  id,
  title: `Runbook: ${id}`,
  summary: `Summary of ${id}.`,
  severity: 'high',
  owner: 'group:default/platform-team',
  appliesTo: [],
  controls: [],
  detections: [],
  deploySteps: [],
  lastReviewed: today,
  tags: [],
  stale: true,
  staleReasons: ['never-tested'],
  ...extra,
});

const all: RunbookList = {
  items: [
    summary('rollback'),
    summary('database-failover', {
      appliesTo: ['component:default/sparki-api'],
      lastTested: { date: today, by: 'user:default/alice', outcome: 'passed' },
      stale: false,
      staleReasons: [],
    }),
  ],
  invalid: [{ file: 'broken.md', field: 'owner', reason: 'bad' }],
};

const entity = (runbooks?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'sparki-api',
    ...(runbooks ? { annotations: { 'sparki.io/runbooks': runbooks } } : {}),
  },
  spec: { type: 'service', owner: 'group:default/platform-team' },
});

function render(
  value: Entity,
  lists: { all: RunbookList; applying: RunbookList } = {
    all,
    applying: { items: [all.items[1]], invalid: [] },
  },
) {
  const api: RunbooksApi = {
    listRunbooks: jest.fn(async (query?: { entity?: string }) =>
      query?.entity ? lists.applying : lists.all,
    ),
    getRunbook: jest.fn(),
    getTests: jest.fn(),
    markTested: jest.fn(),
  };
  renderInTestApp(
    <EntityProvider entity={value}>
      <EntityRunbooksContent />
    </EntityProvider>,
    {
      apis: [[runbooksApiRef, api]],
      mountedRoutes: { '/runbooks': runbooksRouteRef },
    },
  );
  return api;
}

describe('EntityRunbooksContent', () => {
  it("lists the annotation's runbooks, unknown and invalid ids as such, then those applying to the entity", async () => {
    const api = render(
      entity(
        'rollback, no-such-runbook, broken, https://wiki.example.com/failover, javascript:alert(1)',
      ),
    );
    const table = await screen.findByRole('table', { name: 'entity runbooks' });
    expect(api.listRunbooks).toHaveBeenCalledWith({
      entity: 'component:default/sparki-api',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        within(row)
          .getAllByRole('cell')
          .map(cell => cell.textContent),
      );
    expect(rows).toEqual([
      [
        'Runbook: rollbackrollback',
        'sparki.io/runbooks annotation',
        'high',
        'stale: never tested',
      ],
      [
        'no-such-runbook',
        'sparki.io/runbooks annotation',
        '—',
        'unknown runbook id: no such runbook',
      ],
      ['broken', 'sparki.io/runbooks annotation', '—', 'invalid frontmatter'],
      [
        // Backstage's Link announces external links.
        'https://wiki.example.com/failover, Opens in a new window',
        'sparki.io/runbooks annotation',
        '—',
        'outside the portal: staleness unknown',
      ],
      [
        // eslint-disable-next-line no-script-url -- the hostile entry, shown as text
        'javascript:alert(1)',
        'sparki.io/runbooks annotation',
        '—',
        expect.stringMatching(/^invalid entry: neither/),
      ],
      [
        'Runbook: database-failoverdatabase-failover',
        'applies_to: component:default/sparki-api',
        'high',
        'reviewed today',
      ],
    ]);
    expect(
      within(table).getByRole('link', { name: 'Runbook: rollback' }),
    ).toHaveAttribute('href', '/runbooks/rollback');
    expect(
      within(table).getByRole('link', {
        name: /^https:\/\/wiki\.example\.com\/failover/,
      }),
    ).toHaveAttribute('href', 'https://wiki.example.com/failover');
    // The hostile entry is shown as text, never as a link.
    expect(document.querySelector('a[href^="javascript:" i]')).toBeNull();
  });

  it('lists a runbook named by the annotation and applying to the entity once', async () => {
    render(entity('database-failover'));
    const table = await screen.findByRole('table', { name: 'entity runbooks' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
  });

  it('says how to add runbooks when none applies', async () => {
    const none = { items: [], invalid: [] };
    render(entity(), { all: none, applying: none });
    expect(
      await screen.findByText('No runbook for this entity.'),
    ).toBeInTheDocument();
  });

  it('is available on components, resources, systems, APIs and annotated entities', () => {
    expect(isRunbooksAvailable(entity())).toBe(true);
    expect(
      isRunbooksAvailable({
        ...entity(),
        kind: 'Group',
        metadata: { name: 'g' },
      }),
    ).toBe(false);
    expect(
      isRunbooksAvailable({
        ...entity('rollback'),
        kind: 'Group',
      }),
    ).toBe(true);
  });
});
