import { createApiRef } from '@backstage/frontend-plugin-api';
import type { Runbook, RunbookSummary } from '@sparki/runbooks-common';

/** Client of the runbooks backend (`/api/runbooks`). */
export interface RunbooksApi {
  listRunbooks(): Promise<RunbookSummary[]>;
  /** Rejects with a `ResponseError` of status 404 for an unknown id. */
  getRunbook(id: string): Promise<Runbook>;
}

export const runbooksApiRef = createApiRef<RunbooksApi>({
  id: 'plugin.runbooks.api',
});
