import type {
  RunbookFrontmatter,
  RunbookStaleReason,
} from '@sparki/runbooks-common';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Why a runbook is no longer trusted as current: its review or its last test is older than
 * `staleAfterDays`, it was never tested, or its last test failed. Dates are whole UTC days, so a runbook reviewed
 * exactly `staleAfterDays` ago is still current.
 */
export function staleReasons(
  frontmatter: Pick<RunbookFrontmatter, 'lastReviewed' | 'lastTested'>,
  staleAfterDays: number,
  now: Date,
): RunbookStaleReason[] {
  const ageInDays = (date: string) =>
    Math.floor((now.getTime() - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
  const reasons: RunbookStaleReason[] = [];
  if (ageInDays(frontmatter.lastReviewed) > staleAfterDays) {
    reasons.push('review-overdue');
  }
  if (!frontmatter.lastTested) {
    reasons.push('never-tested');
  } else {
    if (ageInDays(frontmatter.lastTested.date) > staleAfterDays) {
      reasons.push('test-overdue');
    }
    // A runbook whose steps did not work when last exercised cannot be trusted, however recent.
    if (frontmatter.lastTested.outcome === 'failed') {
      reasons.push('last-test-failed');
    }
  }
  return reasons;
}
