import { createApiRef } from '@backstage/frontend-plugin-api';
import type { Runbook, RunbookList } from '@sparki/runbooks-common';

/**
 * Client of the runbooks backend (`/api/runbooks`), implemented and installed by
 * `@sparki/runbooks`; here so that `RunbookLink` in other plugins can ask it.
 */
export interface RunbooksApi {
  /** The valid runbooks and the problems of the invalid ones. */
  listRunbooks(): Promise<RunbookList>;
  /** Rejects with a `ResponseError` of status 404 for an unknown id. */
  getRunbook(id: string): Promise<Runbook>;
}

export const runbooksApiRef = createApiRef<RunbooksApi>({
  id: 'plugin.runbooks.api',
});
