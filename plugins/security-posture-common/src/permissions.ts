import { createPermission } from '@backstage/plugin-permission-common';

/** Read scores, findings, history and what-if results. */
export const securityPostureReadPermission = createPermission({
  name: 'security-posture.read',
  attributes: { action: 'read' },
});

/** Trigger a scan by hand. */
export const securityPostureScanPermission = createPermission({
  name: 'security-posture.scan',
  attributes: { action: 'update' },
});

export const securityPosturePermissions = [
  securityPostureReadPermission,
  securityPostureScanPermission,
];
