import {
  ClusterInventory,
  InventoryKind,
  workloadKinds,
} from '@sparki/security-posture-common';

/** Kinds the what-if needs: namespaces and everything that carries a pod spec. */
export const whatIfKinds: InventoryKind[] = ['namespaces', ...workloadKinds];

/**
 * The part of an inventory a what-if runs on, as stored with each scan: RBAC, NetworkPolicies
 * and ServiceAccounts are left out (what-if never reads them), which keeps the stored row small.
 */
export function whatIfPartOf(inventory: ClusterInventory): ClusterInventory {
  const objects = { ...inventory.objects };
  for (const kind of Object.keys(objects) as InventoryKind[]) {
    if (!whatIfKinds.includes(kind)) objects[kind] = [];
  }
  return { ...inventory, objects };
}
