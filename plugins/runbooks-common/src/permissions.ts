import { createPermission } from '@backstage/plugin-permission-common';

/** Record that a runbook was tested ("Mark as tested"): date, person, outcome and note. */
export const runbooksAttestPermission = createPermission({
  name: 'runbooks.attest',
  attributes: { action: 'create' },
});

export const runbooksPermissions = [runbooksAttestPermission];
