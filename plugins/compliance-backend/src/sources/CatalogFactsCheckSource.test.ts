import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fakePluginApi } from '../__testUtils__/fakePluginApi';
import {
  CatalogFactsCheckSource,
  ownershipCheckId,
  runbookCoverageCheckId,
} from './CatalogFactsCheckSource';

jest.setTimeout(60_000);

const now = new Date('2026-12-08T10:00:00.000Z');

function entity(
  kind: string,
  name: string,
  spec: NonNullable<Entity['spec']>,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec,
  };
}

const entities: Entity[] = [
  entity('Group', 'payments-team', { type: 'team', children: [] }),
  entity('User', 'alice', { memberOf: [] }),
  // Owned by a group, lists its runbooks.
  entity(
    'Component',
    'payments',
    { type: 'service', owner: 'payments-team' },
    { 'sparki.io/runbooks': 'deployment, rollback' },
  ),
  // Owned by a person; a runbook applies to it.
  entity('Component', 'ledger', { type: 'service', owner: 'user:alice' }),
  // Owner group missing from the catalog; no runbook at all; the annotation is invalid.
  entity(
    'Component',
    'orphan',
    { type: 'service', owner: 'group:default/gone' },
    { 'sparki.io/runbooks': 'Not A Runbook!' },
  ),
  entity('Resource', 'sparki-prod', { type: 'environment' }),
  // Neither a service nor an environment: not judged.
  entity('Component', 'website', { type: 'website', owner: 'nobody' }),
];

function runbooksApi(status?: number) {
  return fakePluginApi(url => {
    if (status) return { status, body: { error: { name: 'Error' } } };
    if (url.pathname !== '/runbooks') return undefined;
    const applies =
      url.searchParams.get('entity') === 'component:default/ledger';
    return {
      body: {
        items: applies ? [{ id: 'database-failover' }] : [],
        invalid: [],
      },
    };
  });
}

async function collect(status?: number) {
  const api = await runbooksApi(status);
  try {
    const source = new CatalogFactsCheckSource(
      catalogServiceMock({ entities }),
      mockServices.auth(),
      api.client('runbooks'),
      { platformScopes: [{ kind: 'entity', id: 'system:default/sparki' }] },
    );
    return { report: await source.collect({ now }), source, seen: api.seen };
  } finally {
    await api.close();
  }
}

const verdicts = (
  results: Awaited<ReturnType<typeof collect>>['report']['results'],
  checkId: string,
) =>
  results
    .filter(r => r.checkId === checkId)
    .map(r => [r.scope.id, r.state, r.message]);

describe('CatalogFactsCheckSource', () => {
  it('judges the ownership of services and environments, and the runbook coverage of services', async () => {
    const { report, source, seen } = await collect();
    expect(verdicts(report.results, ownershipCheckId)).toEqual([
      [
        'component:default/ledger',
        'fail',
        'component:default/ledger: owned by user:default/alice, not by a group (a team answers for it, not a person)',
      ],
      [
        'component:default/orphan',
        'fail',
        'component:default/orphan: owner group:default/gone is not a group in the catalog',
      ],
      [
        'component:default/payments',
        'pass',
        'component:default/payments: owned by group:default/payments-team',
      ],
      [
        'resource:default/sparki-prod',
        'fail',
        'resource:default/sparki-prod: no spec.owner',
      ],
      // The platform, where the checklist is attested: the worst part counts.
      [
        'system:default/sparki',
        'fail',
        '3 of 4 fail: component:default/ledger, component:default/orphan, resource:default/sparki-prod',
      ],
    ]);
    expect(verdicts(report.results, runbookCoverageCheckId)).toEqual([
      [
        'component:default/ledger',
        'pass',
        'component:default/ledger: runbooks apply to it: database-failover',
      ],
      [
        'component:default/orphan',
        'fail',
        'component:default/orphan: no runbook: none listed in sparki.io/runbooks and none applies to it',
      ],
      [
        'component:default/payments',
        'pass',
        'component:default/payments: lists runbooks deployment, rollback (sparki.io/runbooks)',
      ],
      [
        'system:default/sparki',
        'fail',
        '1 of 3 fail: component:default/orphan',
      ],
    ]);
    // Only the services without their own list are looked up, with a service token.
    expect(seen.map(s => s.url.searchParams.get('entity'))).toEqual([
      'component:default/ledger',
      'component:default/orphan',
    ]);
    expect(seen.every(s => s.authorized)).toBe(true);
    expect(report.problems).toEqual([]);
    expect(report.snapshots).toEqual([
      expect.objectContaining({
        source: 'catalog',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
    ]);
    expect(source.handles(ownershipCheckId)).toBe(true);
    expect(source.handles('catalog:multi-az')).toBe(false);
  });

  it('leaves runbook coverage unknown, never a pass, when the runbooks API is not readable', async () => {
    const { report } = await collect(503);
    expect(
      verdicts(report.results, runbookCoverageCheckId).map(([id, state]) => [
        id,
        state,
      ]),
    ).toEqual([
      ['component:default/ledger', 'unknown'],
      ['component:default/orphan', 'unknown'],
      // Its own list needs no lookup.
      ['component:default/payments', 'pass'],
      ['system:default/sparki', 'unknown'],
    ]);
    expect(report.results.filter(r => r.state === 'unknown')).toEqual([
      expect.objectContaining({ reason: 'error' }),
      expect.objectContaining({ reason: 'error' }),
      expect.objectContaining({ reason: 'error' }),
    ]);
    expect(report.problems).toHaveLength(2);
  });
});
