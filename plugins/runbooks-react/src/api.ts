import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  Runbook,
  RunbookList,
  RunbookTest,
  RunbookTestInput,
  RunbookTestList,
} from '@sparki/runbooks-common';

/**
 * Client of the runbooks backend (`/api/runbooks`), implemented and installed by
 * `@sparki/runbooks`; here so that `RunbookLink` in other plugins can ask it.
 */
export interface RunbooksApi {
  /**
   * The valid runbooks and the problems of the invalid ones; with `entity` (an entity ref), only
   * the runbooks whose `applies_to` names that entity or its kind.
   */
  listRunbooks(query?: { entity?: string }): Promise<RunbookList>;
  /** Rejects with a `ResponseError` of status 404 for an unknown id. */
  getRunbook(id: string): Promise<Runbook>;
  /** The tests recorded in the portal, newest first. */
  getTests(id: string): Promise<RunbookTestList>;
  /** "Mark as tested" as the signed-in user (needs the `runbooks.attest` permission). */
  markTested(id: string, input: RunbookTestInput): Promise<RunbookTest>;
}

export const runbooksApiRef = createApiRef<RunbooksApi>({
  id: 'plugin.runbooks.api',
});
