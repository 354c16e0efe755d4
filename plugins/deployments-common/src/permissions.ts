import { createPermission } from '@backstage/plugin-permission-common';

/** The resource type of permissions that act on an existing deployment request (by its id). */
export const DEPLOYMENT_REQUEST_RESOURCE_TYPE = 'deployment-request';

/** Ask for a deploy (a person in the portal, or a pipeline's external-access token). */
export const deploymentsRequestPermission = createPermission({
  name: 'deployments.request',
  attributes: { action: 'create' },
});

/** Approve or reject a request; the environment policy decides further who counts. */
export const deploymentsApprovePermission = createPermission({
  name: 'deployments.approve',
  attributes: { action: 'update' },
  resourceType: DEPLOYMENT_REQUEST_RESOURCE_TYPE,
});

/** Switch traffic to the new color (blue-green) or promote a rollout. */
export const deploymentsPromotePermission = createPermission({
  name: 'deployments.promote',
  attributes: { action: 'update' },
  resourceType: DEPLOYMENT_REQUEST_RESOURCE_TYPE,
});

/** Switch traffic back to the previous color or undo a rollout. */
export const deploymentsRollbackPermission = createPermission({
  name: 'deployments.rollback',
  attributes: { action: 'update' },
  resourceType: DEPLOYMENT_REQUEST_RESOURCE_TYPE,
});

/** Lift a freeze, a change window or the posture gate for one request, with a reason. */
export const deploymentsOverridePermission = createPermission({
  name: 'deployments.override',
  attributes: { action: 'update' },
  resourceType: DEPLOYMENT_REQUEST_RESOURCE_TYPE,
});

export const deploymentsPermissions = [
  deploymentsRequestPermission,
  deploymentsApprovePermission,
  deploymentsPromotePermission,
  deploymentsRollbackPermission,
  deploymentsOverridePermission,
];
