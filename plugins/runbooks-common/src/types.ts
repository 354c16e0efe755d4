/**
 * A runbook id is its file name without `.md`. Lower-case letters, digits and dashes only, so an
 * id can never name a path outside the runbooks directory.
 */
export const RUNBOOK_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export function isRunbookId(id: string): boolean {
  return RUNBOOK_ID_PATTERN.test(id);
}

/** An entry of `GET /runbooks`. */
export interface RunbookSummary {
  id: string;
  /** The first `# ` heading; the id when the file has none. */
  title: string;
  /** The first paragraph after the title, on one line; empty when there is none. */
  summary: string;
}

/** `GET /runbooks/:id`. */
export interface Runbook {
  id: string;
  title: string;
  markdown: string;
}

/** `GET /runbooks`. */
export interface RunbookList {
  items: RunbookSummary[];
}

/** Severities of posture findings and audit-trail detections, as runbooks rank them. */
export type RunbookSeverity = 'critical' | 'high' | 'medium' | 'low';
