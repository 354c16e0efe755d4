import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';

/** The group the route tests' policies take approvals from. */
export const releaseApprovers = 'group:default/release-approvers';

/** A user in `release-approvers`. */
export function approverUser(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: [{ type: 'memberOf', targetRef: releaseApprovers }],
  };
}

/** A production service component. */
export function serviceEntity(name: string, owner = 'platform-team'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner, lifecycle: 'production' },
  };
}

/** The Authorization header of a signed-in demo user. */
export const asUser = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

/** The Authorization header of the pipeline (a service principal). */
export const asPipeline = () => mockCredentials.service.header();
