import type { EnvironmentChangeKind } from '@sparki/sparki-forge-common';

export const changeKindLabel: Record<EnvironmentChangeKind, string> = {
  create: 'creates it',
  update: 'updates it',
  decommission: 'decommissions it',
};
