import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  ForgeChangeDetail,
  ForgeChangeSummary,
} from '@sparki/sparki-forge-common';

/** The local git forge's changes (@sparki/sparki-forge-backend). */
export interface SparkiForgeApi {
  listChanges(filter?: { environment?: string }): Promise<ForgeChangeSummary[]>;
  getChange(id: string): Promise<ForgeChangeDetail>;
  mergeChange(id: string): Promise<ForgeChangeSummary>;
}

export const sparkiForgeApiRef = createApiRef<SparkiForgeApi>({
  id: 'plugin.sparki-forge.api',
});
