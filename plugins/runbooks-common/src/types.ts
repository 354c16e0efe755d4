import type {
  RunbookFrontmatter,
  RunbookProblem,
  runbookSeverities,
  runbookTestOutcomes,
} from './frontmatter';

export { RUNBOOK_ID_PATTERN, isRunbookId } from './ids';

/** Why a runbook counts as stale; empty when it is current. */
export type RunbookStaleReason =
  | 'review-overdue'
  | 'test-overdue'
  | 'never-tested'
  | 'last-test-failed';

/** An entry of `GET /runbooks`: the validated frontmatter and whether it is current. */
export interface RunbookSummary extends RunbookFrontmatter {
  /** True when the review or the last test is older than `runbooks.staleAfterDays`. */
  stale: boolean;
  staleReasons: RunbookStaleReason[];
  /**
   * Where `lastTested` comes from: the file's `last_tested`, or the latest test recorded in the
   * portal ("Mark as tested"), which takes precedence. Absent when never tested.
   */
  lastTestedSource?: 'frontmatter' | 'portal';
  /** The configured location (`runbooks.locations[].target`) it was read from; absent for the repository's directory. */
  location?: string;
}

/** `GET /runbooks/:id`: the summary and the markdown body without its frontmatter. */
export interface Runbook extends RunbookSummary {
  markdown: string;
}

/** `GET /runbooks`: the valid runbooks, sorted by title, and why the others are not listed. */
export interface RunbookList {
  items: RunbookSummary[];
  invalid: RunbookProblem[];
}

/** Severities of posture findings and audit-trail detections, as runbooks rank them. */
export type RunbookSeverity = (typeof runbookSeverities)[number];

export type RunbookTestOutcome = (typeof runbookTestOutcomes)[number];

/** One recorded test of a runbook ("Mark as tested"); stored rows are never changed. */
export interface RunbookTest {
  runbookId: string;
  /** The day the runbook was exercised, YYYY-MM-DD. */
  date: string;
  /** The signed-in user who recorded it (entity ref). */
  by: string;
  outcome: RunbookTestOutcome;
  note?: string;
  /** When it was recorded, ISO 8601 UTC. */
  recordedAt: string;
}

/** `GET /runbooks/:id/tests`: a runbook's recorded tests, newest first. */
export interface RunbookTestList {
  items: RunbookTest[];
}

/**
 * `GET /tested?since=YYYY-MM-DD`, for the compliance checklist item "runbooks tested": every test
 * recorded in the portal dated on or after `since` (oldest first), and the valid runbooks whose
 * latest test, recorded or in the frontmatter, is older or missing.
 */
export interface RunbooksTestedReport {
  since: string;
  items: RunbookTest[];
  untested: string[];
}
