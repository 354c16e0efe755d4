import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { securityPostureApiRef } from '../../api/SecurityPostureApi';
import { mockPostureApi } from '../../__testUtils__/fixtures';
import { EntityPostureContent } from './EntityPostureContent';
import { isSecurityPostureAvailable } from './availability';

function resource(type: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'eks-dev', annotations },
    spec: { type, owner: 'platform-team' },
  };
}

describe('isSecurityPostureAvailable', () => {
  it('accepts kubernetes-cluster resources that name their cluster', () => {
    expect(
      isSecurityPostureAvailable(
        resource('kubernetes-cluster', {
          'sparki.io/cluster-name': 'sparki-dev',
        }),
      ),
    ).toBe(true);
  });

  it('rejects other types, kinds and unannotated clusters', () => {
    expect(
      isSecurityPostureAvailable(
        resource('database', { 'sparki.io/cluster-name': 'sparki-dev' }),
      ),
    ).toBe(false);
    expect(isSecurityPostureAvailable(resource('kubernetes-cluster', {}))).toBe(
      false,
    );
    expect(
      isSecurityPostureAvailable({
        ...resource('kubernetes-cluster', {
          'sparki.io/cluster-name': 'sparki-dev',
        }),
        kind: 'Component',
      }),
    ).toBe(false);
  });
});

describe('EntityPostureContent', () => {
  it("shows the posture of the entity's cluster", async () => {
    const api = mockPostureApi();
    renderInTestApp(
      <EntityProvider
        entity={resource('kubernetes-cluster', {
          'sparki.io/cluster-name': 'sparki-dev',
        })}
      >
        <EntityPostureContent />
      </EntityProvider>,
      { apis: [[securityPostureApiRef, api]] },
    );
    expect(await screen.findByTestId('cluster-score')).toHaveTextContent(
      '72.5 %',
    );
    expect(api.getHistory).toHaveBeenCalledWith('sparki-dev', { limit: 100 });
  });
});
