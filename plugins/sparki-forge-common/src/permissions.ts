import { createPermission } from '@backstage/plugin-permission-common';

/** Merge a change of the local forge into main (the platform team, in development). */
export const sparkiForgeMergePermission = createPermission({
  name: 'sparki.forge.merge',
  attributes: { action: 'update' },
});

export const sparkiForgePermissions = [sparkiForgeMergePermission];
