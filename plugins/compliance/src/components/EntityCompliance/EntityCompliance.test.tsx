import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { complianceApiRef } from '../../api/ComplianceApi';
import type { ScopeRef } from '@sparki/compliance-common';
import {
  frameworkOverview,
  manyScopes,
  mockComplianceApi,
  overview,
  scopeScore,
} from '../../__testUtils__/fixtures';
import { rootRouteRef } from '../../routes';
import {
  EntityComplianceCard,
  EntityComplianceContent,
} from './EntityCompliance';
import { entityScope, isComplianceAvailable } from './entityScope';

function entity(
  kind: string,
  type: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'payments', namespace: 'default', annotations },
    spec: { type, owner: 'platform-team' },
  };
}

const prodCluster = entity('Resource', 'kubernetes-cluster', {
  'sparki.io/cluster-name': 'sparki-prod',
});

describe('entityScope', () => {
  it('maps clusters, accounts, environments and services to their scope', () => {
    expect(entityScope(prodCluster)).toEqual({
      kind: 'cluster',
      id: 'sparki-prod',
    });
    expect(
      entityScope(
        entity('Resource', 'aws-account', {
          'amazonaws.com/account-id': '333333333333',
        }),
      ),
    ).toEqual({ kind: 'account', id: '333333333333' });
    expect(entityScope(entity('Resource', 'environment'))).toEqual({
      kind: 'entity',
      id: 'resource:default/payments',
    });
    expect(entityScope(entity('Component', 'service'))).toEqual({
      kind: 'entity',
      id: 'component:default/payments',
    });
  });

  it('gives nothing else a scope', () => {
    expect(isComplianceAvailable(entity('Component', 'website'))).toBe(false);
    expect(
      isComplianceAvailable(entity('Resource', 'kubernetes-cluster')),
    ).toBe(false);
    expect(isComplianceAvailable(entity('Group', 'team'))).toBe(false);
  });
});

function render(
  element: JSX.Element,
  subject: Entity,
  api = mockComplianceApi(),
) {
  renderInTestApp(<EntityProvider entity={subject}>{element}</EntityProvider>, {
    apis: [[complianceApiRef, api]],
    mountedRoutes: { '/compliance': rootRouteRef },
  });
  return api;
}

describe('EntityComplianceCard', () => {
  it("shows each framework's figures in the cluster and what could not be read there", async () => {
    render(<EntityComplianceCard />, prodCluster);
    const table = await screen.findByRole('table', {
      name: 'compliance scores',
    });
    const [row] = within(table).getAllByRole('row').slice(1);
    expect(row).toHaveTextContent('CIS Kubernetes Benchmark');
    expect(row).toHaveTextContent('50 %');
    expect(within(row).getByRole('link')).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes?scope=cluster%3Asparki-prod',
    );
    expect(
      screen.getByRole('alert', { name: 'partial data' }),
    ).toHaveTextContent('cluster sparki-prod: RBAC not readable');
  });

  it('asks the overview for its own scope: found however far down a fleet of 5,000 it is', async () => {
    const prod: ScopeRef = { kind: 'cluster', id: 'sparki-prod' };
    // Without a scope the overview lists the 10 worst of 5,000, sparki-prod not among them.
    const getOverview = jest.fn(async (query: { scope?: ScopeRef } = {}) =>
      overview({
        frameworks: [
          frameworkOverview({
            scopes: query.scope
              ? [scopeScore(0.42, { scope: query.scope })]
              : manyScopes(10),
            scopeCount: 5000,
          }),
        ],
      }),
    );
    render(
      <EntityComplianceCard />,
      prodCluster,
      mockComplianceApi({ getOverview }),
    );
    const table = await screen.findByRole('table', {
      name: 'compliance scores',
    });
    expect(getOverview).toHaveBeenCalledWith({ scope: prod });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('CIS Kubernetes Benchmark');
    expect(rows[0]).toHaveTextContent('42 %');
  });

  it('says nothing is known for a scope no source reports, not a pass', async () => {
    render(
      <EntityComplianceCard />,
      entity('Component', 'service'),
      mockComplianceApi({
        getOverview: jest.fn().mockResolvedValue(overview({ problems: [] })),
      }),
    );
    expect(
      await screen.findByText(
        /No compliance results for entity component:default\/payments/,
      ),
    ).toHaveTextContent('(not a pass)');
  });
});

describe('EntityComplianceContent', () => {
  it('lists the controls failing or without data in the scope', async () => {
    const api = render(<EntityComplianceContent />, prodCluster);
    const table = await screen.findByRole('table', {
      name: 'failing controls',
    });
    expect(api.getOverview).toHaveBeenCalledWith({
      scope: { kind: 'cluster', id: 'sparki-prod' },
    });
    expect(api.getFramework).toHaveBeenCalledWith('cis-kubernetes', {
      kind: 'cluster',
      id: 'sparki-prod',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(row => within(row).getByRole('link').textContent)).toEqual([
      expect.stringMatching(/^5\.1\.1 /),
      expect.stringMatching(/^5\.1\.2 /),
    ]);
    expect(within(rows[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/compliance/frameworks/cis-kubernetes/controls/5.1.1?scope=cluster%3Asparki-prod',
    );
  });
});
