/**
 * A runbook id is its file name without `.md`. Lower-case letters, digits and dashes only, so an
 * id can never name a path outside the runbooks directory.
 */
export const RUNBOOK_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function isRunbookId(id: string): boolean {
  return RUNBOOK_ID_PATTERN.test(id);
}
