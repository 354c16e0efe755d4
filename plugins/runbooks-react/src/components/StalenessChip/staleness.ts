import type { RunbookSummary } from '@sparki/runbooks-common';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole UTC days from a `YYYY-MM-DD` date to `now`. */
export function daysSince(date: string, now: Date): number {
  const today = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  return Math.floor((today - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
}

function ago(days: number): string {
  if (days <= 0) return 'today';
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

/**
 * What a reader sees about a runbook's staleness, e.g. `stale: never tested, reviewed 200 days
 * ago` or `reviewed 3 days ago` when it is current.
 */
export function describeStaleness(
  runbook: Pick<
    RunbookSummary,
    'stale' | 'staleReasons' | 'lastReviewed' | 'lastTested'
  >,
  now: Date,
): string {
  const reviewed = `reviewed ${ago(daysSince(runbook.lastReviewed, now))}`;
  if (!runbook.stale) return reviewed;
  const reasons = runbook.staleReasons.map(reason => {
    switch (reason) {
      case 'never-tested':
        return 'never tested';
      case 'test-overdue':
        return runbook.lastTested
          ? `tested ${ago(daysSince(runbook.lastTested.date, now))}`
          : 'test overdue';
      case 'review-overdue':
        return reviewed;
      case 'last-test-failed':
        return 'last test failed';
      default:
        return reason;
    }
  });
  return `stale: ${reasons.join(', ')}`;
}
