import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { auditTrailApiRef } from '../../api/AuditTrailApi';
import { mockAuditTrailApi } from '../../__testUtils__/fixtures';
import { EntityAuditContent } from './EntityAuditContent';
import { isAuditTrailAvailable } from './availability';

function resource(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, annotations },
    spec: { type: 'aws-account', owner: 'platform-team' },
  };
}

describe('isAuditTrailAvailable', () => {
  it('accepts entities with an AWS account id or ARN', () => {
    expect(
      isAuditTrailAvailable(
        resource('a', { 'amazonaws.com/account-id': '111111111111' }),
      ),
    ).toBe(true);
    expect(
      isAuditTrailAvailable(
        resource('db', { 'amazonaws.com/arn': 'arn:aws:rds:eu-west-1:1:db:x' }),
      ),
    ).toBe(true);
    expect(isAuditTrailAvailable(resource('other', {}))).toBe(false);
  });
});

describe('EntityAuditContent', () => {
  it("shows an account's detections and events", async () => {
    const api = mockAuditTrailApi();
    renderInTestApp(
      <EntityProvider
        entity={resource('aws-account-prod', {
          'amazonaws.com/account-id': '333333333333',
        })}
      >
        <EntityAuditContent />
      </EntityProvider>,
      { apis: [[auditTrailApiRef, api]] },
    );
    expect(
      await screen.findByRole('table', { name: 'detections' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'events' }),
    ).toBeInTheDocument();
    expect(api.getEntityEvents).toHaveBeenCalledWith(
      'resource:default/aws-account-prod',
      { cursor: undefined, limit: 50 },
    );
    expect(api.listDetections).toHaveBeenCalledWith(
      expect.objectContaining({ accountId: '333333333333' }),
    );
  });

  it('shows only the events of a resource with its own ARN', async () => {
    const api = mockAuditTrailApi();
    renderInTestApp(
      <EntityProvider
        entity={resource('sparki-db-prod', {
          'amazonaws.com/account-id': '333333333333',
          'amazonaws.com/arn':
            'arn:aws:rds:eu-west-1:333333333333:db:sparki-prod',
        })}
      >
        <EntityAuditContent />
      </EntityProvider>,
      { apis: [[auditTrailApiRef, api]] },
    );
    expect(
      await screen.findByText(
        'Events about arn:aws:rds:eu-west-1:333333333333:db:sparki-prod',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'detections' })).toBeNull();
    expect(api.listDetections).not.toHaveBeenCalled();
  });
});
