import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { complianceApiRef } from '../../api/ComplianceApi';
import { mockComplianceApi, overview } from '../../__testUtils__/fixtures';
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
