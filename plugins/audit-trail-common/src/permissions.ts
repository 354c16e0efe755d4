import { createPermission } from '@backstage/plugin-permission-common';

/** Reading audit events, detections and exports of the audit trail. */
export const auditTrailReadPermission = createPermission({
  name: 'audit-trail.read',
  attributes: { action: 'read' },
});

export const auditTrailPermissions = [auditTrailReadPermission];
