import type {
  RunbookFrontmatter,
  RunbookProblem,
  runbookSeverities,
} from './frontmatter';

export { RUNBOOK_ID_PATTERN, isRunbookId } from './ids';

/** Why a runbook counts as stale; empty when it is current. */
export type RunbookStaleReason =
  | 'review-overdue'
  | 'test-overdue'
  | 'never-tested';

/** An entry of `GET /runbooks`: the validated frontmatter and whether it is current. */
export interface RunbookSummary extends RunbookFrontmatter {
  /** True when the review or the last test is older than `runbooks.staleAfterDays`. */
  stale: boolean;
  staleReasons: RunbookStaleReason[];
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
