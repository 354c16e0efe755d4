import { InventoryKind, workloadKinds } from '@sparki/security-posture-common';

/** Kinds the what-if needs: namespaces and everything that carries a pod spec. */
export const whatIfKinds: InventoryKind[] = ['namespaces', ...workloadKinds];
