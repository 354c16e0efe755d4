import type { RunbookTest } from '@sparki/runbooks-common';

/**
 * The tests recorded in the portal ("Mark as tested"). Append-only: a record is evidence for
 * the compliance checklist, so there is no way to change or remove one.
 */
export interface RunbookTestStore {
  add(test: RunbookTest): Promise<void>;
  /** One runbook's tests, latest first (by test date, then by when they were recorded). */
  listForRunbook(runbookId: string): Promise<RunbookTest[]>;
  /** The latest test of every runbook that has one. */
  latestPerRunbook(): Promise<Map<string, RunbookTest>>;
  /** Every test dated on or after `since` (YYYY-MM-DD), oldest first. */
  listSince(since: string): Promise<RunbookTest[]>;
}
